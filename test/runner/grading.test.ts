// Instructors: JUnit XML for a CI server, and a class report over several accounts (here two LocalStack accounts
// reached through two profiles, and a third profile that does not exist).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { localEnv } from '../support/session.js';

const passing = '000000000901';
const failing = '000000000902';
const dir = mkdtempSync(join(tmpdir(), 'grading-'));
const credentials = join(dir, 'credentials');
writeFileSync(
  credentials,
  [`[alice]`, `aws_access_key_id = ${passing}`, `aws_secret_access_key = test`, `[bob]`, `aws_access_key_id = ${failing}`, `aws_secret_access_key = test`, ''].join('\n'),
);
const env = { ...localEnv(passing), AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: join(dir, 'config'), AWS_EC2_METADATA_DISABLED: 'true' };

describe('grading', () => {
  beforeAll(async () => {
    for (const account of [passing, failing]) expect((await runCli(['reset', 'vpc', '--yes'], localEnv(account))).code).toBe(0);
    const run = await runCli(['run', 'vpc', '--solution'], localEnv(passing));
    expect(run.code, run.stderr).toBe(0);
  });

  it('writes a class report: a row per student, a column per check, unreachable accounts as rows', async () => {
    const prefix = join(dir, 'class');
    const r = await runCli(['check', 'vpc', '--profiles', 'alice,bob,carol', '--out', prefix], env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^Graded 3 students: 1 passed every check, 1 with failures, 1 unreachable\. Report: .*class\.csv, .*class\.json$/m);
    const csv = readFileSync(`${prefix}.csv`, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^student,account,reachable,passed,total,vpc\/vpc-cidr,.*,error$/);
    expect(csv[1]).toMatch(new RegExp(`^alice,${passing},yes,(\\d+),\\1,PASS,`));
    expect(csv[2]).toMatch(new RegExp(`^bob,${failing},yes,0,\\d+,FAIL,`));
    expect(csv[3]).toMatch(/^carol,,no,0,0,.*carol/);
    const json = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as { students: { student: string; reachable: boolean; checks: Record<string, boolean> }[] };
    expect(json.students.map((s) => [s.student, s.reachable])).toEqual([['alice', true], ['bob', true], ['carol', false]]);
    expect(Object.values(json.students[0].checks).every(Boolean)).toBe(true);
  });

  it('reads the class from a file, one profile a line', async () => {
    const list = join(dir, 'profiles.txt');
    writeFileSync(list, '# week one, group A\nalice\n');
    const prefix = join(dir, 'group-a');
    const r = await runCli(['check', 'vpc', '--profiles-file', list, '--out', prefix], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Graded 1 students: 1 passed every check/);
  });

  it('writes JUnit XML a CI server reads: a suite per lab, a failure per failing check', async () => {
    const file = join(dir, 'junit.xml');
    // The passing account has only vpc built: its checks pass, every other lab's fail.
    const r = await runCli(['check', 'all', '--junit', file], localEnv(passing));
    expect(r.code).toBe(1);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites>/);
    expect(xml).toMatch(new RegExp(`<testsuite name="vpc \\(localstack, account ${passing}, us-east-1\\)" tests="\\d+" failures="0">`));
    expect(xml).toMatch(/<testcase classname="vpc" name="vpc-cidr: [^"]+"><\/testcase>/);
    expect(xml).toMatch(/<testcase classname="connect" name="credentials: [^"]+">\n\s+<failure message="[^"]+">/);
  });

  it('prints every lab as one JSON object with --json', async () => {
    const r = await runCli(['check', 'all', '--json'], localEnv(passing));
    const { labs } = JSON.parse(r.stdout) as { labs: { lab: string; account: string; passed: boolean }[] };
    expect(labs.map((l) => l.lab)).toEqual(['connect', 'billing-alarm', 'root-and-admin', 'sign-request', 'ec2-role', 'vpc', 'directory-app']);
    expect(labs.find((l) => l.lab === 'vpc')).toMatchObject({ account: passing, passed: true });
    expect(r.code).toBe(1);
  });
});
