// Reset removes dependents before what they depend on, whatever order the kinds come in, and one resource it cannot
// remove never stops the others.
import { describe, expect, it } from 'vitest';
import type { LabEntry } from '../../lab-runner/catalogue/schema.js';
import type { FoundResource, ResourceKind } from '../../lab-runner/resources/kind.js';
import { applyReset, type Placed, type ResetPlan } from '../../lab-runner/service/reset.js';
import type { Session } from '../../lab-runner/session.js';

function kind(name: string, order: number, removed: string[], failing = false): ResourceKind {
  return {
    kind: name,
    global: false,
    order,
    findTagged: async () => [],
    remove: async (_ctx, r: FoundResource) => {
      if (failing) throw Object.assign(new Error('still in use'), { name: 'DependencyViolation' });
      removed.push(`${r.kind} ${r.id}`);
    },
  };
}

const placed = (kindName: string, id: string): Placed => ({ kind: kindName, id, lab: 'demo', region: 'us-east-1' });

describe('tag-based reset', () => {
  it('removes dependents before what they depend on, and reports what it could not remove', async () => {
    const removed: string[] = [];
    // Given out of order on purpose: the reset orders them itself.
    const kinds = [kind('vpc', 50, removed), kind('instance', 10, removed), kind('subnet', 40, removed), kind('stuck', 45, removed, true)];
    const plan: ResetPlan = {
      lab: { id: 'demo', region: 'target', resources: kinds.map((k) => k.kind) } as LabEntry,
      resources: [placed('vpc', 'vpc-1'), placed('subnet', 'subnet-1'), placed('stuck', 's-1'), placed('instance', 'i-1')],
      unreadable: [],
    };
    const session = { target: { name: 'localstack', label: 'unit', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }, account: '000000000000', arn: '' } as Session;
    const result = await applyReset(plan, session, { kinds });
    expect(removed).toEqual(['instance i-1', 'subnet subnet-1', 'vpc vpc-1']);
    expect(result.failed).toEqual([{ resource: placed('stuck', 's-1'), error: 'DependencyViolation: still in use' }]);
  });
});
