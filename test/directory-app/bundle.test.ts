import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectoryApp } from '../../directory-app/build.js';
import {
  createTestBucket,
  employeeForm,
  LOCALSTACK_ENDPOINT,
  makeDataDir,
  pngBytes,
  postForm,
  removeDataDir,
  startFakeImds,
  TEST_CREDENTIALS,
  type FakeImds,
  type TestBucket,
} from './helpers.js';

const ROLE = 'EmployeeDirectoryAppRole';
let bundlePath: string;
let bucket: TestBucket;
let imds: FakeImds;
let home: string;
let dataDir: string;

beforeAll(async () => {
  bundlePath = await buildDirectoryApp();
  bucket = await createTestBucket();
  // Like EC2: identity, placement and the instance role's credentials all come from IMDS.
  imds = await startFakeImds({
    instanceId: 'i-0bundle00000000001',
    availabilityZone: 'us-east-1a',
    region: 'us-east-1',
    roleName: ROLE,
    credentials: TEST_CREDENTIALS,
  });
  home = await makeDataDir();
  dataDir = await makeDataDir();
}, 120_000);

afterAll(async () => {
  await imds?.close();
  await bucket?.destroy();
  if (home) await removeDataDir(home);
  if (dataDir) await removeDataDir(dataDir);
});

/** Only what the instance's user data would set: no AWS keys, no AWS_REGION, no config files. */
function instanceEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    HOME: home,
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    AWS_ENDPOINT_URL: LOCALSTACK_ENDPOINT,
    AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url,
    ...extra,
  };
}

async function startBundle(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bundlePath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    if (url) return { child, url, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the bundle did not start:\n${output}`);
}

describe('the built bundle', () => {
  it('is one self-contained ES module file', async () => {
    expect(bundlePath).toMatch(/directory-app\/dist\/directory-app\.mjs$/);
    expect((await stat(bundlePath)).size).toBeGreaterThan(100_000);
    const code = await readFile(bundlePath, 'utf8');
    // Every module it still loads at run time is a Node built-in: nothing to install on the instance.
    const loaded = [
      ...code.matchAll(/^import .* from "([^"]+)";?$/gm),
      ...code.matchAll(/__require\("([^"]+)"\)/g),
      ...code.matchAll(/[^\w.]import\("([^"]+)"\)/g),
    ].map(([, name = '']) => name);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((name) => !isBuiltin(name))).toEqual([]);
  });

  it('runs with plain node: /health, a photo through the instance role, and a clean stop', async () => {
    const { child, url, output } = await startBundle(instanceEnvironment({ PHOTOS_BUCKET: bucket.name }));
    try {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', instanceId: 'i-0bundle00000000001', availabilityZone: 'us-east-1a' });

      const photo = pngBytes(4096);
      const added = await postForm(`${url}/employees`, employeeForm({ name: 'Bundled Bo', photo: { bytes: photo, filename: 'b.png' } }));
      expect(added.status, output()).toBe(303);
      const [key = ''] = await bucket.keys();
      expect(key).toMatch(/^employees\/[0-9a-f-]{36}\/[0-9a-f]{32}\.png$/);
      expect(await bucket.bytesOf(key)).toEqual(photo);
      const id = key.split('/')[1];
      expect(Buffer.from(await (await fetch(`${url}/employees/${id}/photo`)).arrayBuffer())).toEqual(photo);

      // The SDK found the role's credentials through the same metadata endpoint.
      expect(imds.requests).toContain(`GET /latest/meta-data/iam/security-credentials/${ROLE} 200`);
      expect(output()).toMatch(/^GET \/health 200 \d+ms$/m);
      expect(output()).not.toContain('fake-session-token');
      expect(output()).not.toContain(TEST_CREDENTIALS.accessKeyId);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('exits with one clear line when PHOTOS_BUCKET is missing', async () => {
    const child = spawn(process.execPath, [bundlePath], { env: instanceEnvironment({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'directory-app: PHOTOS_BUCKET is not set: give the name of the S3 bucket for employee photos',
    ]);
  });
});
