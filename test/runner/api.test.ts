// The runner API the lesson page's buttons use: only the workbook's own page on this computer, only known labs, only
// the target chosen when the server started; the files on disk now, not the ones it first saw; Stop, a closed tab and
// a second action each handled; on a real account, nothing without the account id typed on the page.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';
import { billingAlertsOn } from '../support/billing-alerts.js';
import { copyProject, type ProjectCopy } from '../support/project-copy.js';
import { localEnv, localSession } from '../support/session.js';

type Api = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void;

interface Running {
  url: string;
  server: Server;
}

const account = '000000001301';
const awsAccount = '000000001302';
let copy: ProjectCopy;
let local: Running;
let aws: Running;
let solution: string;

async function serve(env: NodeJS.ProcessEnv, target: Record<string, string>): Promise<Running> {
  const { runnerApi } = (await import(join(copy.root, 'dist', 'runner', 'api.js'))) as { runnerApi: (target: object, env: NodeJS.ProcessEnv) => Api };
  const api = runnerApi(target, env);
  const server = createServer((req, res) => api(req, res, () => res.writeHead(404).end('not api')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function call(to: Running, method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; text: string }> {
  const { port } = new URL(to.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const own = (to: Running) => ({ origin: to.url, 'content-type': 'application/json' });
const post = (to: Running, path: string, body: object = {}) => call(to, 'POST', path, own(to), JSON.stringify(body));
const lines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; result?: { outcome: string; reason?: string } });

/** The lab's code with a step that waits an hour: something to stop. */
function hangingCode(): string {
  return solution.replace("ctx.output('topicArn', TopicArn);", "ctx.output('topicArn', TopicArn);\n        await new Promise((resolve) => setTimeout(resolve, 3_600_000));");
}

beforeAll(async () => {
  copy = copyProject();
  solution = copy.read('solutions/billing-alarm/lab.ts');
  await Promise.all([billingAlertsOn(account), billingAlertsOn(awsAccount)]);
  local = await serve(localEnv(account), {});
  // The SDK honours AWS_ENDPOINT_URL, so "AWS" here is the suite's LocalStack standing in for a real account.
  aws = await serve({ ...localEnv(awsAccount), AWS_ENDPOINT_URL: localstackEndpoint() }, { target: 'aws', region: 'us-east-1' });
  expect((await post(local, '/api/labs/billing-alarm/reset')).status).toBe(200);
});

afterAll(async () => {
  for (const running of [local, aws]) if (running) await new Promise((resolve) => running.server.close(resolve));
  copy?.remove();
});

describe('runner API: who may call it', () => {
  it('reports the target it was started with, and each lab with its progress', async () => {
    const r = await call(local, 'GET', '/api/status');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ ready: true, target: 'localstack', account, labs: expect.arrayContaining([expect.objectContaining({ id: 'billing-alarm', busy: null })]) });
  });

  it.each([
    ['a foreign Origin', 'GET', '/api/status', { origin: 'http://evil.example' }],
    ['a foreign Host (DNS rebinding)', 'GET', '/api/status', { host: 'evil.example:80' }],
    ['a cross-site fetch', 'GET', '/api/status', { 'sec-fetch-site': 'cross-site' }],
    ['a POST without Origin', 'POST', '/api/labs/billing-alarm/check', { 'content-type': 'application/json' }],
    ['a POST from a foreign Origin', 'POST', '/api/labs/billing-alarm/solution', { origin: 'http://evil.example', 'content-type': 'application/json' }],
  ])('answers 403 to %s', async (_what, method, path, headers) => {
    expect((await call(local, method, path, headers as Record<string, string>)).status).toBe(403);
  });

  it('refuses a form post (not JSON), state changes by GET, and unknown labs', async () => {
    expect((await call(local, 'POST', '/api/labs/billing-alarm/reset', { origin: local.url, 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await call(local, 'GET', '/api/labs/billing-alarm/solution')).status).toBe(405);
    expect((await post(local, '/api/labs/no-such-lab/solution')).status).toBe(404);
    expect((await post(local, '/api/labs/..%2f..%2fetc/solution')).status).toBe(404);
  });
});

describe('runner API: runs', () => {
  it("streams the solution's events in order, ending with one result, then checks it", async () => {
    const run = await post(local, '/api/labs/billing-alarm/solution');
    expect(run.status).toBe(200);
    const events = lines(run.text);
    expect(events[0]?.type).toBe('lab-start');
    expect(events.filter((e) => e.type === 'result')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'result', result: { outcome: 'completed' } });
    expect(events.at(-2)?.type).toBe('lab-end');
    expect(events.some((e) => e.type === 'resource')).toBe(true);
    const check = JSON.parse((await post(local, '/api/labs/billing-alarm/check')).text) as { passed: boolean };
    expect(check).toMatchObject({ lab: 'billing-alarm', account, passed: true });
  });

  it('keeps what a run made for a page opened later, and forgets it when the lab is reset', async () => {
    const outputs = async () =>
      (JSON.parse((await call(local, 'GET', '/api/status')).text) as { labs: { id: string; outputs: Record<string, string> }[] }).labs.find((l) => l.id === 'billing-alarm')?.outputs;
    expect(lines((await post(local, '/api/labs/billing-alarm/solution')).text).at(-1)).toMatchObject({ result: { outcome: 'completed' } });
    expect(await outputs()).toMatchObject({ topicArn: `arn:aws:sns:us-east-1:${account}:billing-alerts` });
    expect((await post(local, '/api/labs/billing-alarm/reset')).status).toBe(200);
    expect(await outputs()).toEqual({});
    expect(JSON.parse((await call(local, 'GET', '/api/status')).text)).toMatchObject({ root: copy.root });
  });

  it('runs the starter as it is on disk now, without a restart', async () => {
    const before = lines((await post(local, '/api/labs/billing-alarm/run')).text);
    expect(before.at(-1)).toMatchObject({ result: { outcome: 'todo' } });
    copy.write('labs/billing-alarm/lab.ts', solution);
    const after = lines((await post(local, '/api/labs/billing-alarm/run')).text);
    expect(after.at(-1)).toMatchObject({ result: { outcome: 'completed' } });
    copy.write('labs/billing-alarm/lab.ts', solution.replace('// solution:', '// solution:'));
  });

  it('refuses a second action while one runs, Stop ends the run, and the lab is free again', async () => {
    copy.write('labs/billing-alarm/lab.ts', hangingCode());
    const events = call(local, 'GET', '/api/status');
    const running = post(local, '/api/labs/billing-alarm/run');
    await waitUntil(async () => (JSON.parse((await call(local, 'GET', '/api/status')).text) as { labs: { id: string; busy: string | null }[] }).labs.some((l) => l.id === 'billing-alarm' && l.busy === 'run'));
    const second = await post(local, '/api/labs/billing-alarm/solution');
    expect(second.status).toBe(409);
    expect(JSON.parse(second.text)).toMatchObject({ error: expect.stringMatching(/busy: a run of your code is still going/) });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(JSON.parse((await post(local, '/api/labs/billing-alarm/stop')).text)).toEqual({ stopped: true });
    const stopped = lines((await running).text);
    expect(stopped.at(-1)).toMatchObject({ result: { outcome: 'stopped', reason: 'cancelled' } });
    await events;
    copy.write('labs/billing-alarm/lab.ts', solution);
    expect(lines((await post(local, '/api/labs/billing-alarm/run')).text).at(-1)).toMatchObject({ result: { outcome: 'completed' } });
  });

  it('stops the run of a page that goes away, and frees the lab', async () => {
    copy.write('labs/billing-alarm/lab.ts', hangingCode());
    const { port } = new URL(local.url);
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/labs/billing-alarm/run', headers: { host: `127.0.0.1:${port}`, ...own(local) } });
    req.on('error', () => {});
    req.end('{}');
    await waitUntil(async () => (JSON.parse((await call(local, 'GET', '/api/status')).text) as { labs: { id: string; busy: string | null }[] }).labs.some((l) => l.id === 'billing-alarm' && l.busy === 'run'));
    req.destroy();
    await waitUntil(async () => (JSON.parse((await call(local, 'GET', '/api/status')).text) as { labs: { id: string; busy: string | null }[] }).labs.some((l) => l.id === 'billing-alarm' && l.busy === null));
    copy.write('labs/billing-alarm/lab.ts', solution);
    expect(lines((await post(local, '/api/labs/billing-alarm/run')).text).at(-1)).toMatchObject({ result: { outcome: 'completed' } });
  });

  it('tells every open page when a lab starts and stops being busy', async () => {
    const { port } = new URL(local.url);
    const seen: string[] = [];
    const stream = request({ host: '127.0.0.1', port, method: 'GET', path: '/api/events', headers: { host: `127.0.0.1:${port}` } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => seen.push(chunk));
    });
    stream.on('error', () => {});
    stream.end();
    await waitUntil(async () => seen.length > 0);
    await post(local, '/api/labs/billing-alarm/check', { page: 'tab1' });
    await waitUntil(async () => seen.join('').includes('"busy":null'));
    stream.destroy();
    expect(seen.join('')).toMatch(/event: lab\ndata: \{"lab":"billing-alarm","busy":"check"/);
    expect(seen.join('')).toMatch(/event: lab\ndata: \{"lab":"billing-alarm","busy":null,"progress":\{"status":"passed"/);
    // The page that asked is named in both events: it knows already, the others learn it here.
    expect(seen.join('').match(/"page":"tab1"/g)).toHaveLength(2);
  });
});

describe('runner API on a real account', () => {
  const topics = async () => {
    const session = await localSession(awsAccount);
    const sns = new SNSClient({ region: 'us-east-1', endpoint: session.target.endpoint, credentials: session.target.credentials });
    return (await sns.send(new ListTopicsCommand({}))).Topics ?? [];
  };

  it('creates nothing until the account id is typed, and nothing when it is wrong', async () => {
    const asked = await post(aws, '/api/labs/billing-alarm/solution');
    expect(asked.status).toBe(409);
    expect(JSON.parse(asked.text)).toMatchObject({
      consent: { action: 'create', target: 'aws', account: awsAccount, regions: ['us-east-1'], identity: expect.stringContaining(awsAccount), labs: [{ id: 'billing-alarm', cost: expect.stringMatching(/USD/) }] },
    });
    const wrong = await post(aws, '/api/labs/billing-alarm/solution', { consent: { account: '123456789012' } });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text)).toMatchObject({ error: expect.stringMatching(/is not 000000001302; nothing was done/) });
    expect(await topics()).toEqual([]);
    const typed = await post(aws, '/api/labs/billing-alarm/solution', { consent: { account: awsAccount } });
    expect(lines(typed.text).at(-1)).toMatchObject({ result: { outcome: 'completed' } });
    expect((await topics()).length).toBe(1);
  });

  it('removes nothing until the account id is typed', async () => {
    expect((await post(aws, '/api/labs/billing-alarm/reset')).status).toBe(409);
    expect((await topics()).length).toBe(1);
    const done = await post(aws, '/api/labs/billing-alarm/reset', { consent: { account: awsAccount } });
    expect(done.status).toBe(200);
    expect(await topics()).toEqual([]);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
