// The grader policy in docs/ is what the checks call, read-only: derived from each lab's compiled checks, so a check
// that starts calling something new fails here until the policy says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCalls, graderPolicy } from '../../lab-runner/grading/grader-policy.js';
import { isReadAction, readOnlySessionPolicy } from '../../lab-runner/grading/read-only-policy.js';
import { projectRoot } from '../../lab-runner/paths.js';

const committed = JSON.parse(readFileSync(join(projectRoot, 'docs', 'grader-policy.json'), 'utf8')) as { Statement: { Sid: string; Action: string[] }[] };

describe('the grader policy', () => {
  it("is what the checks call, a statement per lab (npx tsx lab-runner/grading/grader-policy.ts > docs/grader-policy.json)", async () => {
    expect(committed).toEqual(await graderPolicy());
  });

  it('allows only actions that read', () => {
    const actions = committed.Statement.flatMap((s) => s.Action);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => !/^[a-z0-9]+:[A-Z][A-Za-z0-9]+$/.test(a) || !isReadAction(a.split(':')[1] ?? ''))).toEqual([]);
  });

  it("leaves out what billing-alarm's test notification writes, and keeps what its checks read", async () => {
    const billing = (await checkCalls()).find((l) => l.lab === 'billing-alarm');
    expect(billing?.writes).toEqual(expect.arrayContaining(['cloudwatch:SetAlarmState', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(committed.Statement.find((s) => s.Sid === 'BillingAlarmChecks')?.Action).toEqual(
      expect.arrayContaining(['cloudwatch:DescribeAlarms', 'ec2:DescribeRegions', 'sns:ListTopics', 'sns:ListSubscriptionsByTopic', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes']),
    );
  });

  it('narrows an assumed role to reading, within the size a session policy may have', () => {
    const policy = readOnlySessionPolicy();
    expect(policy.length).toBeLessThan(2048);
    expect(JSON.parse(policy).Statement[0].Action).toContain('cloudwatch:Describe*');
    expect(policy).not.toMatch(/ReceiveMessage|SetAlarmState|\*:\*|"\*"\]/);
  });
});
