// The site as `npm start` serves it, with the runner API, on 127.0.0.1 and a free port, for a LocalStack account of
// the test's own; and a raw HTTP call that can set any header (Host included), as a foreign page or site could.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, type RunningSite } from '../../../site/plugin/serve.js';
import type { TargetOptions } from '../../../lab-runner/target.js';
import { localEnv } from '../../support/session.js';
import { LAB_IDS } from './build-site.js';

/** Vite's dependency cache is the test's own: one shared with `npm start` would be re-optimized under the page. */
export async function startDevSite(account: string, target: TargetOptions = {}, env: NodeJS.ProcessEnv = {}): Promise<RunningSite> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'workbook-vite-'));
  const site = await startSite({ port: 0, target, env: { ...localEnv(account), ...env }, knownLabs: LAB_IDS, logLevel: 'silent', cacheDir });
  return {
    url: site.url,
    async close() {
      await site.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export interface RawAnswer {
  status: number;
  type: string;
  text: string;
}

export function rawCall(url: string, method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<RawAnswer> {
  const { hostname, port, host } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers: { host, ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A POST as the workbook's own page sends it. */
export function ownPost(url: string, path: string): Promise<RawAnswer> {
  return rawCall(url, 'POST', path, { origin: new URL(url).origin, 'content-type': 'application/json' }, '{}');
}
