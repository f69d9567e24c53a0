// The runner API the site's buttons use: only the workbook's own page on this computer, only known labs,
// only the target chosen when the server started.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerApi } from '../../lab-runner/api/handler.js';
import { localEnv } from '../support/session.js';

const account = '000000000012';
let server: Server;
let port: number;

function call(method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; text: string }> {
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

const own = () => ({ origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' });

beforeAll(async () => {
  const api = runnerApi({}, localEnv(account));
  server = createServer((req, res) => api(req, res, () => res.writeHead(404).end('not api')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('runner API', () => {
  it('reports the target it was started with', async () => {
    const r = await call('GET', '/api/status');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ ready: true, target: 'localstack', account, labs: expect.arrayContaining([expect.objectContaining({ id: 'connect' })]) });
  });

  it.each([
    ['a foreign Origin', 'GET', '/api/status', { origin: 'http://evil.example' }],
    ['a foreign Host (DNS rebinding)', 'GET', '/api/status', { host: 'evil.example:80' }],
    ['a cross-site fetch', 'GET', '/api/status', { 'sec-fetch-site': 'cross-site' }],
    ['a POST without Origin', 'POST', '/api/labs/connect/check', { 'content-type': 'application/json' }],
    ['a POST from a foreign Origin', 'POST', '/api/labs/connect/solution', { origin: 'http://evil.example', 'content-type': 'application/json' }],
  ])('answers 403 to %s', async (_what, method, path, headers) => {
    const r = await call(method, path, headers as Record<string, string>);
    expect(r.status).toBe(403);
  });

  it('refuses a form post (not JSON) and state changes by GET', async () => {
    expect((await call('POST', '/api/labs/connect/reset', { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await call('GET', '/api/labs/connect/solution')).status).toBe(405);
    expect((await call('PUT', '/api/labs/connect/solution', own())).status).toBe(405);
  });

  it('runs known labs only', async () => {
    expect((await call('POST', '/api/labs/no-such-lab/solution', own())).status).toBe(404);
    expect((await call('POST', '/api/labs/..%2f..%2fetc/solution', own())).status).toBe(404);
  });

  it('streams the solution\'s step events, then checks it', async () => {
    const run = await call('POST', '/api/labs/connect/solution', own(), '{}');
    expect(run.status).toBe(200);
    const events = run.text.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events.map((e) => e.type)).toEqual(['lab-start', 'start', 'output', 'output', 'ok', 'start', 'output', 'output', 'ok', 'start', 'output', 'ok', 'start', 'output', 'ok', 'lab-end', 'result']);
    const check = await call('POST', '/api/labs/connect/check', own(), '{}');
    expect(JSON.parse(check.text)).toMatchObject({ lab: 'connect', account, passed: true });
  });
});
