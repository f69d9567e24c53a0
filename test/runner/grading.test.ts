// Grading a class of LocalStack accounts as an instructor would, with profiles that point at them (`--target aws`, each
// profile's endpoint_url): one student did everything, one nothing, one set a wrong threshold, one cannot be reached at
// all, and one's CloudWatch is down. Exact scores and details in JSON, both CSVs, JUnit and the dashboard; grading
// leaves every account as it found it unless --writes is given.
import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateSubnetCommand, DeleteSubnetCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { billingAlertsOn } from '../support/billing-alerts.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalogue } from '../../lab-runner/catalogue/read.js';
import { loadServices, SERVICE_NAMES } from '../../lab-runner/clients.js';
import { resetLab, solve } from '../support/lab-cycle.js';
import { labBin, runCli } from '../support/cli.js';
import { startServiceOutage, type ServiceOutage } from '../support/service-outage.js';
import { localEnv, localSession } from '../support/session.js';
import { launchBrowser } from '../site/helpers/browser.js';

const LOCALSTACK = 'http://127.0.0.1:4566';
const accounts = { alice: '000000003001', bob: '000000003002', carol: '000000003003', dave: '000000003004', erin: '000000003005' };
const dir = mkdtempSync(join(tmpdir(), 'grading-'));
let outage: ServiceOutage;

/** Every profile names its student's keys, a region, and where its cloud answers (endpoint_url in ~/.aws/config). */
function writeProfiles(endpoints: Record<keyof typeof accounts, string>): NodeJS.ProcessEnv {
  const names = Object.keys(accounts) as (keyof typeof accounts)[];
  writeFileSync(join(dir, 'credentials'), names.map((n) => `[${n}]\naws_access_key_id = ${accounts[n]}\naws_secret_access_key = test\n`).join(''));
  writeFileSync(join(dir, 'config'), names.map((n) => `[profile ${n}]\nregion = us-east-1\nendpoint_url = ${endpoints[n]}\n`).join(''));
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config'), AWS_EC2_METADATA_DISABLED: 'true' };
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete env[name];
  return env;
}

function clientsOf(account: string) {
  const config = { region: 'us-east-1', endpoint: LOCALSTACK, credentials: { accessKeyId: account, secretAccessKey: 'test' } };
  return { cloudwatch: new CloudWatchClient(config), sqs: new SQSClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

/** What a grading must not change in a student's account: the alarm and its history, the queue's messages, objects. */
async function accountState(account: string): Promise<unknown> {
  const { cloudwatch, sqs, s3 } = clientsOf(account);
  const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({}));
  const { AlarmHistoryItems = [] } = await cloudwatch.send(new DescribeAlarmHistoryCommand({}));
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'billing-alerts-inbox' }));
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }),
  );
  const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
  const objects = await Promise.all(Buckets.map(async (b) => (await s3.send(new ListObjectsV2Command({ Bucket: b.Name }))).Contents?.map((o) => `${b.Name}/${o.Key} ${o.ETag}`) ?? []));
  return {
    alarms: MetricAlarms.map((a) => ({ name: a.AlarmName, state: a.StateValue, reason: a.StateReason, updated: a.StateUpdatedTimestamp?.toISOString() })),
    history: AlarmHistoryItems.length,
    queue: Attributes,
    objects: objects.flat(),
  };
}

interface GradedCheck {
  id: string;
  state: string;
  detail: string;
}
interface ClassJson {
  gradedAt: string;
  writes: boolean;
  writeTestsSkipped: string[];
  labs: { id: string; checks: { id: string }[] }[];
  students: { student: string; account: string; state: string; passed: number; total: number; error?: string; labs: { lab: string; state: string; checks: GradedCheck[] }[] }[];
}

const readJson = (prefix: string) => JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as ClassJson;
const checksOf = (json: ClassJson, student: string) => Object.fromEntries(json.students.find((s) => s.student === student)?.labs.flatMap((l) => l.checks.map((c) => [`${l.lab}/${c.id}`, c])) ?? []);

describe('grading a class', () => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await loadServices(SERVICE_NAMES);
    outage = await startServiceOutage('GraniteServiceVersion20100801');
    env = writeProfiles({ alice: LOCALSTACK, bob: LOCALSTACK, carol: LOCALSTACK, dave: 'http://127.0.0.1:1', erin: outage.url });
    for (const name of ['alice', 'bob', 'carol', 'erin'] as const) {
      const session = await localSession(accounts[name]);
      await resetLab(session, 'billing-alarm');
      if (name === 'bob') continue;
      await billingAlertsOn(accounts[name]);
      await solve(session, 'billing-alarm');
    }
    const { cloudwatch } = clientsOf(accounts.carol);
    const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['billing-over-10-usd'] }));
    const [alarm] = MetricAlarms;
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'billing-over-10-usd',
        Namespace: alarm?.Namespace,
        MetricName: alarm?.MetricName,
        Dimensions: alarm?.Dimensions,
        Statistic: alarm?.Statistic,
        Period: alarm?.Period,
        EvaluationPeriods: alarm?.EvaluationPeriods ?? 1,
        Threshold: 100,
        ComparisonOperator: alarm?.ComparisonOperator ?? 'GreaterThanThreshold',
        AlarmActions: alarm?.AlarmActions,
      }),
    );
    // A message of the student's own in the inbox: grading must neither take nor hide it.
    const { QueueUrl } = await clientsOf(accounts.alice).sqs.send(new GetQueueUrlCommand({ QueueName: 'billing-alerts-inbox' }));
    await clientsOf(accounts.alice).sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a note the student keeps here' }));
  });

  afterAll(async () => {
    await outage?.stop();
  });

  it('grades every student from their own account: exact scores and details in JSON, CSV, details CSV and JUnit', async () => {
    const prefix = join(dir, 'class');
    const before = await accountState(accounts.alice);
    const r = await runCli(['check', 'billing-alarm', '--target', 'aws', '--profiles', 'alice,bob,carol,dave,erin', '--out', prefix, '--junit', join(dir, 'class.xml')], env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^Graded 5 students: 1 passed every check, 2 with failures, 1 partly unreachable, 1 unreachable\. Report: .*class\.json, .*class\.csv, .*class-details\.csv, .*class\.html, .*class\.xml$/m);
    expect(r.stdout).toMatch(/^Read-only: no check needed to write\.$/m);

    // Grading only read: the alarm, its history, the student's message in the queue and every object are as they were.
    expect(await accountState(accounts.alice)).toEqual(before);

    const json = readJson(prefix);
    expect(json.writes).toBe(false);
    expect(json.writeTestsSkipped).toEqual([]);
    expect(json.students.map((s) => [s.student, s.account, s.state, s.passed, s.total])).toEqual([
      ['alice', accounts.alice, 'graded', 8, 8],
      ['bob', accounts.bob, 'graded', 0, 8],
      ['carol', accounts.carol, 'graded', 7, 8],
      ['dave', '', 'unreachable', 0, 8],
      ['erin', accounts.erin, 'graded', 1, 8],
    ]);
    expect(checksOf(json, 'alice')['billing-alarm/threshold']).toMatchObject({ state: 'passed', detail: 'GreaterThanThreshold 10' });
    // Read-only, the notification check judges the alarm by reading it, and says its live test was skipped.
    expect(checksOf(json, 'alice')['billing-alarm/notification']).toMatchObject({ state: 'passed', detail: expect.stringMatching(/^actions enabled; .*The live test was skipped/) });
    expect(checksOf(json, 'bob')['billing-alarm/region']).toMatchObject({ state: 'failed', detail: 'no alarm named billing-over-10-usd in us-east-1 (nor in any other region)' });
    expect(checksOf(json, 'bob')['billing-alarm/notification']).toMatchObject({ state: 'failed', detail: 'no alarm named billing-over-10-usd to test' });
    expect(checksOf(json, 'carol')['billing-alarm/threshold']).toMatchObject({ state: 'failed', detail: 'threshold is 100, expected 10' });
    expect(json.students[3]?.error).toMatch(/Nothing answers at http:\/\/127\.0\.0\.1:1/);
    expect(Object.values(checksOf(json, 'dave')).map((c) => c.state)).toEqual(Array(8).fill('unreachable'));
    // Erin's CloudWatch is down: only the checks that need it are unreachable, naming where her cloud is; her
    // subscription is still graded.
    expect(checksOf(json, 'erin')['billing-alarm/threshold']?.detail).toBe(`could not reach ${outage.url}: ECONNRESET`);
    expect(Object.fromEntries(Object.entries(checksOf(json, 'erin')).map(([k, c]) => [k, c.state]))).toEqual({
      'billing-alarm/billing-data': 'unreachable',
      'billing-alarm/region': 'unreachable',
      'billing-alarm/metric': 'unreachable',
      'billing-alarm/statistic-period': 'unreachable',
      'billing-alarm/threshold': 'unreachable',
      'billing-alarm/action': 'unreachable',
      'billing-alarm/subscription': 'passed',
      'billing-alarm/notification': 'unreachable',
    });

    const csv = parse(readFileSync(`${prefix}.csv`, 'utf8')) as string[][];
    const [header = [], alice = [], , carol = [], dave = []] = csv;
    expect(header).toEqual(['student', 'account', 'state', 'passed', 'total', ...(json.labs[0]?.checks ?? []).map((c) => `billing-alarm/${c.id}`), 'error']);
    expect(alice).toEqual(['alice', accounts.alice, 'graded', '8', '8', ...Array(8).fill('PASS'), '']);
    expect([...carol.slice(0, 5), carol[header.indexOf('billing-alarm/threshold')]]).toEqual(['carol', accounts.carol, 'graded', '7', '8', 'FAIL']);
    expect(dave.slice(0, 6)).toEqual(['dave', '', 'unreachable', '0', '8', 'UNREACHABLE']);
    const details = parse(readFileSync(`${prefix}-details.csv`, 'utf8')) as string[][];
    expect(details[0]).toEqual(['student', 'account', 'lab', 'check', 'state', 'detail']);
    expect(details).toContainEqual(['carol', accounts.carol, 'billing-alarm', 'threshold', 'failed', 'threshold is 100, expected 10']);
    expect(details).toContainEqual(['erin', accounts.erin, 'billing-alarm', 'subscription', 'passed', expect.stringMatching(/^billing-alerts-inbox is subscribed/)]);

    const xml = readFileSync(join(dir, 'class.xml'), 'utf8');
    expect(xml).toMatch(/<testsuite name="carol · billing-alarm \(account 000000003003, us-east-1\)" tests="8" failures="1" errors="0" skipped="0"[^>]*>/);
    expect(xml).toMatch(/<testcase classname="carol\.billing-alarm" name="threshold: [^"]+">\n\s+<failure message="threshold is 100, expected 10">/);
    expect(xml).toMatch(/<testsuite name="dave · billing-alarm" tests="8" failures="0" errors="8" skipped="0"[^>]*>/);

    // The dashboard shows the same scores, cell by cell.
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(`${prefix}.html`).href);
      const cell = (student: string) => page.locator(`tr[data-student="${student}"] td[data-lab="billing-alarm"] button`);
      await expect(cell('alice').textContent()).resolves.toMatch(/8\/8/);
      await expect(cell('carol').textContent()).resolves.toMatch(/7\/8/);
      await expect(cell('dave').textContent()).resolves.toMatch(/unreachable/);
    } finally {
      await browser.close();
    }
  });

  it('scores 0 on every lab for a student who did nothing, whatever the grader has run in its own clone and account', async () => {
    const grader = '000000003009';
    const session = await localSession(grader);
    await billingAlertsOn(grader);
    await solve(session, 'billing-alarm');
    expect((await runCli(['check', 'billing-alarm'], localEnv(grader))).code).toBe(0);
    const prefix = join(dir, 'nothing');
    const r = await runCli(['check', 'all', '--profiles', 'bob', '--out', prefix], { ...env, ...localEnv(grader), AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE: env.AWS_CONFIG_FILE });
    expect(r.code, r.stderr).toBe(1);
    const [bob] = readJson(prefix).students;
    if (!bob) throw new Error('the class report has no student');
    expect(bob.labs.map((l) => l.lab)).toEqual(readCatalogue().labs.map((l) => l.id));
    for (const lab of bob.labs) expect(lab.checks.filter((c) => c.state === 'passed').map((c) => `${lab.lab}/${c.id}`)).toEqual([]);
  });

  it('runs the write tests with --writes, and says so', async () => {
    const prefix = join(dir, 'writes');
    const before = (await accountState(accounts.alice)) as { history: number };
    const r = await runCli(['check', 'billing-alarm', '--profiles', 'alice', '--out', prefix, '--writes'], { ...env, AWS_ENDPOINT_URL: LOCALSTACK });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Writes allowed \(--writes\): checks that write ran in the students' accounts\.$/m);
    const json = readJson(prefix);
    expect(json).toMatchObject({ writes: true, writeTestsSkipped: [] });
    expect(checksOf(json, 'alice')['billing-alarm/notification']).toMatchObject({ state: 'passed', detail: expect.stringMatching(/arrived on billing-alerts-inbox/) });
    expect(((await accountState(accounts.alice)) as { history: number }).history).toBeGreaterThan(before.history);
  });

  it('prints the class JSON with --json, and the summary on stderr', async () => {
    const prefix = join(dir, 'as-json');
    const r = await runCli(['check', 'all', '--profiles', 'alice,bob', '--out', prefix, '--json'], { ...env, AWS_ENDPOINT_URL: LOCALSTACK });
    expect(r.code, r.stderr).toBe(1);
    const printed = JSON.parse(r.stdout) as ClassJson;
    expect(printed).toEqual(readJson(prefix));
    expect(printed.students.map((s) => s.student)).toEqual(['alice', 'bob']);
    expect(r.stderr).toMatch(/^Graded 2 students/m);
  });

  it('writes JUnit XML for one account, a suite per lab, a failure per failing check', async () => {
    const file = join(dir, 'one.xml');
    const r = await runCli(['check', 'all', '--junit', file], localEnv(accounts.carol));
    expect(r.code).toBe(1);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites>/);
    expect(xml).toMatch(new RegExp(`<testsuite name="billing-alarm \\(localstack, account ${accounts.carol}, us-east-1\\)" tests="8" failures="\\d+">`));
    expect(xml).toMatch(/<testcase classname="billing-alarm" name="threshold: [^"]+">\n\s+<failure message="threshold is 100, expected 10">/);
  });

  it('prints every lab of one account as one JSON object with --json', async () => {
    const r = await runCli(['check', 'all', '--json'], localEnv(accounts.bob));
    expect(r.code).toBe(1);
    const { labs } = JSON.parse(r.stdout) as { labs: { lab: string; account: string; passed: boolean }[] };
    expect(labs.map((l) => l.lab)).toEqual(readCatalogue().labs.map((l) => l.id));
    expect(labs.every((l) => l.account === accounts.bob && !l.passed)).toBe(true);
  });

  it('shows a progress bar on a terminal', async () => {
    const command = [process.execPath, labBin, 'check', 'all', '--profiles', 'alice,bob', '--out', join(dir, 'on-terminal'), '--concurrency', '1'];
    const quoted = `stty cols 120 rows 40; ${command.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ')}`;
    const shown = await new Promise<string>((resolve, reject) => {
      // As a person at a terminal: no CI, colour allowed (the spinner shows only then).
      const terminal: NodeJS.ProcessEnv = { ...env, AWS_ENDPOINT_URL: LOCALSTACK, TERM: 'xterm-256color' };
      delete terminal.CI;
      delete terminal.NO_COLOR;
      const child = spawn('script', ['-qec', quoted, '/dev/null'], { env: terminal, stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(output));
      child.stdin.end();
    });
    expect(shown, shown.slice(-600)).toMatch(/Grading: \[#{10}-{10}\] 1\/2 students/);
    expect(shown).toMatch(/Graded 2 students/);
  });

  it('explains a wrong CIDR in a half-done network, and scores nothing done as 0', async () => {
    const session = await localSession(accounts.carol);
    await solve(session, 'vpc');
    // Carol's private-b was made with the wrong range: delete it and make it again as 10.1.5.0/24, tagged as the lab.
    const ec2 = new EC2Client({ region: 'us-east-1', endpoint: LOCALSTACK, credentials: { accessKeyId: accounts.carol, secretAccessKey: 'test' } });
    const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['private-b'] }, { Name: 'tag:workbook:lab', Values: ['vpc'] }] }));
    const [old] = Subnets;
    await ec2.send(new DeleteSubnetCommand({ SubnetId: old?.SubnetId }));
    await ec2.send(
      new CreateSubnetCommand({
        VpcId: old?.VpcId,
        CidrBlock: '10.1.5.0/24',
        AvailabilityZone: old?.AvailabilityZone,
        TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'private-b' }, { Key: 'workbook:lab', Value: 'vpc' }] }],
      }),
    );
    const prefix = join(dir, 'network');
    const r = await runCli(['check', 'vpc', '--profiles', 'bob,carol', '--out', prefix], { ...env, AWS_ENDPOINT_URL: LOCALSTACK });
    expect(r.code, r.stderr).toBe(1);
    const json = readJson(prefix);
    const total = readCatalogue().labs.find((l) => l.id === 'vpc')?.checks.length ?? 0;
    expect(json.students.map((st) => [st.student, st.passed, st.total])).toEqual([
      ['bob', 0, total],
      ['carol', total - 1, total],
    ]);
    expect(checksOf(json, 'carol')['vpc/subnet-cidrs']).toMatchObject({ state: 'failed', detail: expect.stringContaining('private-b 10.1.5.0/24 (expected 10.1.4.0/24)') });
    const details = parse(readFileSync(`${prefix}-details.csv`, 'utf8')) as string[][];
    expect(details).toContainEqual(['carol', accounts.carol, 'vpc', 'subnet-cidrs', 'failed', expect.stringContaining('private-b 10.1.5.0/24 (expected 10.1.4.0/24)')]);
    await resetLab(session, 'vpc');
  });

  it('resumes: students already graded in --out are kept, the others graded', async () => {
    const prefix = join(dir, 'resumed');
    const first = await runCli(['check', 'billing-alarm', '--profiles', 'alice', '--out', prefix], { ...env, AWS_ENDPOINT_URL: LOCALSTACK });
    expect(first.code, first.stderr).toBe(0);
    const alice = readJson(prefix).students[0];
    const r = await runCli(['check', 'billing-alarm', '--profiles', 'alice,bob', '--out', prefix, '--resume'], { ...env, AWS_ENDPOINT_URL: LOCALSTACK });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^Resumed from .*resumed\.json: 1 student kept, 1 graded now\.$/m);
    const json = readJson(prefix);
    expect(json.students.map((s) => s.student)).toEqual(['alice', 'bob']);
    expect(json.students[0]).toEqual(alice);
  });
});
