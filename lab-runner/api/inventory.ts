// What a student has built so far, read from the live target by each lab's tag: the site draws its picture from this.
import { createContext } from '../context.js';
import { labIds, loadLab } from '../registry.js';
import { resourceKinds } from '../resources/index.js';
import type { FoundResource } from '../resources/kind.js';
import type { Session } from '../session.js';

export interface Inventory {
  account: string;
  labs: Record<string, FoundResource[]>;
}

export async function inventory(session: Session): Promise<Inventory> {
  const ids = await labIds();
  const found = await Promise.all(
    ids.map(async (id) => {
      const ctx = createContext({ target: session.target, lab: await loadLab(id), account: session.account });
      const perKind = await Promise.all(resourceKinds.map((kind) => kind.find(ctx).catch(() => [])));
      return [id, perKind.flat()] as const;
    }),
  );
  return { account: session.account, labs: Object.fromEntries(found) };
}
