// The pieces of the iam-policies lab that need no cloud: a policy that differs only in a statement's Sid is another
// policy; who holds an access key, and when a key is left over; and how AWS's answer tells the kind of denial.
import { describe, expect, it } from 'vitest';
import { samePolicy } from '../../../lab-runner/policy-document.js';
import { holderNote, isLeftover, parseHolder, thisHost } from '../../../lab-runner/resources/iam-users/access-keys.js';
import { settledDecision } from '../../../labs/iam-policies/act-as-reviewer.js';
import { type Decision, decisionOf, summary } from '../../../labs/iam-policies/decision.js';

describe('policies compared for a rerun', () => {
  const deny = (Sid: string) => ({ Version: '2012-10-17', Statement: [{ Sid, Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] });

  it('are different when only a Sid differs: the Sid is how an explanation names the statement', () => {
    expect(samePolicy(deny('NoDeleteWithoutMfa'), deny('NoDeleteWithoutMfa'))).toBe(true);
    expect(samePolicy(deny('DenyDelete'), deny('NoDeleteWithoutMfa'))).toBe(false);
  });
});

describe('who holds an access key', () => {
  const created = new Date('2026-01-01T10:00:00Z');
  const now = created.getTime() + 60_000;
  const alive = (pid: number) => pid === 1234;

  it('is written as a description IAM accepts, and read back', () => {
    const note = holderNote('iam-policies', 1234, 'build-01');
    expect(note).toBe('workbook iam-policies key held in memory by process 1234 on build-01');
    expect(note).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u);
    expect(parseHolder(note)).toEqual({ lab: 'iam-policies', pid: 1234, host: 'build-01' });
    expect(parseHolder('my laptop key')).toBeUndefined();
    expect(thisHost()).toMatch(/^[\p{L}\p{N}_.:/=+\-@]+$/u);
  });

  it('makes a key left over when its process on this computer has ended, or it is held far longer than any run', () => {
    const here = (pid: number) => ({ id: 'AKIAEXAMPLE', created, holder: { lab: 'iam-policies', pid, host: thisHost() } });
    expect(isLeftover(here(1234), now, alive)).toBe(false);
    expect(isLeftover(here(999), now, alive)).toBe(true);
    const elsewhere = { id: 'AKIAEXAMPLE', created, holder: { lab: 'iam-policies', pid: 999, host: 'another-computer' } };
    expect(isLeftover(elsewhere, now, alive)).toBe(false);
    expect(isLeftover(elsewhere, created.getTime() + 31 * 60_000, alive)).toBe(true);
    expect(isLeftover(here(1234), created.getTime() + 31 * 60_000, alive)).toBe(true);
  });

  it('never makes a key the lab did not make left over', () => {
    expect(isLeftover({ id: 'AKIAEXAMPLE', created }, created.getTime() + 365 * 24 * 3_600_000, alive)).toBe(false);
  });
});

describe("AWS's answer to a request", () => {
  const refused = (name: string, message: string, status = 403) => Promise.reject(Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } }));

  it('tells an explicit deny, naming the statement when the local cloud does, from an implicit one', async () => {
    const explicit = await decisionOf(refused('AccessDenied', 'User: u is not authorized to perform: s3:DeleteObject on resource: r with an explicit deny in an identity-based policy: p. Statement "NoDeleteWithoutMfa" of ReviewPhotosReadOnly (attached to group Reviewers) denies it: …'));
    expect(summary(explicit)).toBe('denied (explicit deny: "NoDeleteWithoutMfa" of ReviewPhotosReadOnly (attached to group Reviewers))');
    const onAws = await decisionOf(refused('AccessDenied', 'User: u is not authorized to perform: s3:DeleteObject on resource: "r" with an explicit deny in an identity-based policy'));
    expect(summary(onAws)).toBe('denied (explicit deny)');
    const implicit = await decisionOf(refused('AccessDenied', 'User: u is not authorized to perform: s3:GetObject on resource: "r" because no identity-based policy allows the s3:GetObject action'));
    expect(summary(implicit)).toBe('denied (implicit deny)');
    expect(summary(await decisionOf(refused('AccessDenied', 'Access Denied')))).toBe('denied (AccessDenied)');
  });

  it('takes a missing object as allowed (authorization came first), and an unknown key as no answer at all', async () => {
    expect(summary(await decisionOf(refused('NoSuchKey', 'The specified key does not exist.', 404)))).toBe('allowed, but there is no such object (NoSuchKey)');
    expect(summary(await decisionOf(Promise.resolve({})))).toBe('allowed');
    await expect(decisionOf(refused('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'))).rejects.toThrow(/does not exist in our records/);
  });
});

describe('a decision on new permissions', () => {
  const implicit: Decision = { allowed: false, how: 'implicit deny', code: 'AccessDenied', message: 'because no identity-based policy allows' };
  const answers = (...decisions: Decision[]) => {
    const asked: Decision[] = [];
    const decide = async (): Promise<Decision> => {
      const decision = decisions[asked.length] ?? implicit;
      asked.push(decision);
      return decision;
    };
    return { asked, decide };
  };
  const slept: number[] = [];
  const sleep = async (ms: number) => void slept.push(ms);

  it('is asked again while it is not what the policy decides, until it is', async () => {
    const { asked, decide } = answers(implicit, implicit, { allowed: true });
    expect(await settledDecision(decide, 'allowed', [1, 2, 3, 4], sleep)).toEqual({ allowed: true });
    expect(asked).toHaveLength(3);
    expect(slept).toEqual([1, 2]);
  });

  it('is taken as it is after the last wait, and at once when there is nothing to wait for', async () => {
    const waited = answers(implicit, implicit, implicit);
    expect(await settledDecision(waited.decide, 'allowed', [1, 1], sleep)).toBe(implicit);
    expect(waited.asked).toHaveLength(3);
    const right = answers(implicit);
    expect(await settledDecision(right.decide, 'implicit deny', [1, 1], sleep)).toBe(implicit);
    expect(right.asked).toHaveLength(1);
  });
});
