// What a student has built so far, read from the live target: each kind of resource looked up once, grouped by the
// lab that tagged it. The page draws its picture from this; a kind that cannot be read is said, not left out.
import { readCatalogue } from '../catalogue/read.js';
import { describeError } from '../aws-errors.js';
import { labRegion } from '../context.js';
import { loadKinds } from '../resources/index.js';
import type { FoundResource } from '../resources/kind.js';
import type { Session } from '../session.js';
import { kindContext } from './reset.js';

export interface Inventory {
  account: string;
  region: string;
  labs: Record<string, FoundResource[]>;
  /** Kinds that could not be listed, in words. */
  errors: string[];
}

export async function inventory(session: Session): Promise<Inventory> {
  const { labs } = readCatalogue();
  // A kind is looked for in each region a lab that makes it works in (the billing alarm lives in us-east-1).
  const wanted = new Map<string, Set<string>>();
  for (const lab of labs) {
    for (const kind of lab.resources) wanted.set(kind, (wanted.get(kind) ?? new Set()).add(labRegion(lab, session.target)));
  }
  const kinds = await loadKinds([...wanted.keys()]);
  const found: FoundResource[] = [];
  const errors: string[] = [];
  await Promise.all(
    kinds.flatMap((kind) =>
      [...(kind.global ? [session.target.region] : (wanted.get(kind.kind) ?? []))].map(async (region) => {
        try {
          found.push(...(await kind.findTagged(kindContext(session, region))));
        } catch (error) {
          const { code, message } = describeError(error);
          errors.push(`${kind.kind} in ${region}: ${code}: ${message}`);
        }
      }),
    ),
  );
  const grouped: Record<string, FoundResource[]> = Object.fromEntries(labs.map((l) => [l.id, []]));
  for (const resource of found) (grouped[resource.lab] ??= []).push(resource);
  return { account: session.account, region: session.target.region, labs: grouped, errors };
}
