// Grading a roster of accounts the way AWS Academy–style classes and AWS Organizations member accounts are reached:
// each student account has a grader role (made here with that account's own root keys, trusting the instructor's
// account and allowed docs/grader-policy.json), and the instructor grades from their own account by assuming it.
// A busy STS (throttled AssumeRole) is waited out.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRoleCommand, DeleteRolePolicyCommand, DeleteRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { eventually } from '../support/eventually.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServices, SERVICE_NAMES } from '../../lab-runner/clients.js';
import { projectRoot } from '../../lab-runner/paths.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { resetLab, solve } from '../support/lab-cycle.js';
import { localEnv, localSession } from '../support/session.js';

const LOCALSTACK = 'http://127.0.0.1:4566';
const instructor = '000000003020';
const students = { ada: '000000003021', bo: '000000003022' };
const ROLE = 'WorkbookGrader';
const dir = mkdtempSync(join(tmpdir(), 'grading-roster-'));
let proxy: FaultProxy;

function iamOf(account: string): IAMClient {
  return new IAMClient({ region: 'us-east-1', endpoint: LOCALSTACK, credentials: { accessKeyId: account, secretAccessKey: 'test' } });
}

/** The grader role in a student account, made with that account's root keys. */
async function createGraderRole(account: string): Promise<void> {
  const iam = iamOf(account);
  await iam.send(new DeleteRolePolicyCommand({ RoleName: ROLE, PolicyName: 'grading' })).catch(() => undefined);
  await iam.send(new DeleteRoleCommand({ RoleName: ROLE })).catch(() => undefined);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${instructor}:root` }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await eventually(() => iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'grading', PolicyDocument: readFileSync(join(projectRoot, 'docs', 'grader-policy.json'), 'utf8') })));
}

describe('grading a roster through a role in each account', () => {
  beforeAll(async () => {
    await loadServices(SERVICE_NAMES);
    for (const [name, account] of Object.entries(students)) {
      await createGraderRole(account);
      const session = await localSession(account);
      await resetLab(session, 'billing-alarm');
      if (name === 'bo') continue;
      await runCli(['billing-alerts', 'on'], localEnv(account));
      await solve(session, 'billing-alarm');
    }
    writeFileSync(join(dir, 'roster.csv'), `account,name\n${students.ada},Ada\n${students.bo},Bo\n`);
    proxy = await startFaultProxy(LOCALSTACK);
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  it("grades each student's own account as the instructor, through the role, waiting out a throttled STS", async () => {
    const prefix = join(dir, 'class');
    // More throttled answers than the SDK tries by itself: the grader waits and asks again.
    proxy.throttle('Action=AssumeRole', 4);
    const r = await runCli(['check', 'billing-alarm', '--roster', join(dir, 'roster.csv'), '--role-name', ROLE, '--endpoint', proxy.url, '--out', prefix, '--concurrency', '1'], localEnv(instructor));
    expect(r.code, r.stderr).toBe(1);
    expect(proxy.faults()).toBe(4);
    const json = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as { target: string; students: { student: string; account: string; target: string; state: string; passed: number; total: number }[] };
    expect(json.target).toBe(`endpoint ${proxy.url}, assuming ${ROLE} in each student's account`);
    expect(json.students.map((s) => [s.student, s.account, s.state, s.passed, s.total])).toEqual([
      ['Ada', students.ada, 'graded', 8, 8],
      ['Bo', students.bo, 'graded', 0, 8],
    ]);
    expect(json.students[0]?.target).toBe(`endpoint ${proxy.url}, role ${ROLE} in ${students.ada}`);
  });
});
