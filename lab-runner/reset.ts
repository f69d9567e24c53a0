// Removes exactly what a lab tagged, in dependency order, and says what it removed and what it could not.
import { describeError } from './aws-errors.js';
import { createContext, type LabContext } from './context.js';
import { assertKnownLab, loadLab } from './registry.js';
import { resourceKinds } from './resources/index.js';
import type { FoundResource, ResourceKind } from './resources/kind.js';
import { targetKey } from './run.js';
import type { Session } from './session.js';
import { recordStatus } from './state.js';

export interface ResetPlan {
  labId: string;
  ctx: LabContext;
  resources: FoundResource[];
}

export interface ResetResult {
  lab: string;
  removed: FoundResource[];
  failed: { resource: FoundResource; error: string }[];
}

export async function planReset(labId: string, session: Session, kinds: ResourceKind[] = resourceKinds): Promise<ResetPlan> {
  await assertKnownLab(labId);
  const lab = await loadLab(labId);
  const ctx = createContext({ target: session.target, lab, account: session.account });
  const found = await Promise.all(kinds.map((kind) => kind.find(ctx)));
  return { labId, ctx, resources: found.flat() };
}

/** Removes kind by kind in ascending `order`; resources of one kind go side by side. */
export async function applyReset(plan: ResetPlan, session: Session, kinds: ResourceKind[] = resourceKinds): Promise<ResetResult> {
  const result: ResetResult = { lab: plan.labId, removed: [], failed: [] };
  for (const kind of [...kinds].sort((a, b) => a.order - b.order)) {
    const mine = plan.resources.filter((r) => r.kind === kind.kind);
    await Promise.all(
      mine.map(async (resource) => {
        try {
          await kind.remove(plan.ctx, resource);
          result.removed.push(resource);
        } catch (error) {
          const info = describeError(error);
          result.failed.push({ resource, error: `${info.code}: ${info.message}` });
        }
      }),
    );
  }
  recordStatus(targetKey(session), plan.labId, { status: 'reset' });
  return result;
}
