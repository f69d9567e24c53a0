import { describe, expect, it } from 'vitest';
import { applyReset, type ResetPlan } from '../../lab-runner/reset.js';
import { resourceKinds } from '../../lab-runner/resources/index.js';
import type { FoundResource, ResourceKind } from '../../lab-runner/resources/kind.js';
import type { Session } from '../../lab-runner/session.js';
import type { LabContext } from '../../lab-runner/context.js';

function kind(name: string, order: number, removed: string[], failing = false): ResourceKind {
  return {
    kind: name,
    order,
    find: async () => [],
    remove: async (_ctx: LabContext, r: FoundResource) => {
      if (failing) throw Object.assign(new Error('still in use'), { name: 'DependencyViolation' });
      removed.push(`${r.kind} ${r.id}`);
    },
  };
}

describe('tag-based reset', () => {
  it('knows every kind in ascending removal order', () => {
    const orders = resourceKinds.map((k) => k.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('removes dependents before what they depend on, and reports what it could not remove', async () => {
    const removed: string[] = [];
    const kinds = [kind('vpc', 50, removed), kind('instance', 10, removed), kind('subnet', 40, removed), kind('stuck', 45, removed, true)];
    const plan = {
      labId: 'connect',
      ctx: {} as LabContext,
      resources: [
        { kind: 'vpc', id: 'vpc-1' },
        { kind: 'subnet', id: 'subnet-1' },
        { kind: 'stuck', id: 's-1' },
        { kind: 'instance', id: 'i-1' },
      ],
    } satisfies ResetPlan;
    const session = { target: { label: 'unit' }, account: '000000000000' } as Session;
    const result = await applyReset(plan, session, kinds);
    expect(removed).toEqual(['instance i-1', 'subnet subnet-1', 'vpc vpc-1']);
    expect(result.failed).toEqual([{ resource: { kind: 'stuck', id: 's-1' }, error: 'DependencyViolation: still in use' }]);
  });
});
