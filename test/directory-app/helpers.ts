// Shared test fixtures: LocalStack S3 buckets, a fake IMDSv2 server, an app on a free
// port with its own data directory, sample images and form posts.
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../../directory-app/src/server.js';

export const LOCALSTACK_ENDPOINT = 'http://127.0.0.1:4566';
export const REGION = 'us-east-1';
// A 12-digit access key makes LocalStack use its own account, apart from other engineers' data.
export const TEST_CREDENTIALS = { accessKeyId: '000000000404', secretAccessKey: 'test' };

/** Fails, never skips, when LocalStack's S3 is not there to test against. */
export async function requireLocalStack(): Promise<void> {
  const where = `${LOCALSTACK_ENDPOINT}/_localstack/health`;
  let services: Record<string, string> | undefined;
  try {
    const response = await fetch(where, { signal: AbortSignal.timeout(3000) });
    services = ((await response.json()) as { services?: Record<string, string> }).services;
  } catch (error) {
    throw new Error(`LocalStack is not answering at ${where} (${String(error)}); the S3 tests need it running`);
  }
  if (!['running', 'available'].includes(services?.s3 ?? '')) {
    throw new Error(`LocalStack at ${LOCALSTACK_ENDPOINT} has no S3 service running (s3: ${services?.s3 ?? 'missing'})`);
  }
}

export interface TestBucket {
  name: string;
  keys(): Promise<string[]>;
  bytesOf(key: string): Promise<Buffer>;
  destroy(): Promise<void>;
}

/** Credentials for a LocalStack account of the caller's own (12 digits), by default the shared test account. */
export function credentialsFor(account?: string): typeof TEST_CREDENTIALS {
  return account ? { accessKeyId: account, secretAccessKey: 'test' } : TEST_CREDENTIALS;
}

export async function createTestBucket(account?: string): Promise<TestBucket> {
  await requireLocalStack();
  const s3 = new S3Client({ region: REGION, endpoint: LOCALSTACK_ENDPOINT, forcePathStyle: true, credentials: credentialsFor(account) });
  const name = `directory-app-test-${randomBytes(6).toString('hex')}`;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  const keys = async (): Promise<string[]> => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: name }));
    return (listed.Contents ?? []).map((object) => object.Key ?? '');
  };
  return {
    name,
    keys,
    async bytesOf(key) {
      const object = await s3.send(new GetObjectCommand({ Bucket: name, Key: key }));
      if (!object.Body) throw new Error(`${key} has no body`);
      return Buffer.from(await object.Body.transformToByteArray());
    },
    async destroy() {
      const existing = await keys();
      if (existing.length > 0) {
        await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: existing.map((Key) => ({ Key })) } }));
      }
      await s3.send(new DeleteBucketCommand({ Bucket: name }));
      s3.destroy();
    },
  };
}

export interface FakeInstance {
  instanceId: string;
  availabilityZone: string;
  region: string;
  /** Instance role credentials, served the way EC2 serves them. */
  roleName?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface FakeImds {
  url: string;
  /** Every request as "METHOD path status". */
  requests: string[];
  close(): Promise<void>;
}

export const SAMPLE_INSTANCE: FakeInstance = {
  instanceId: 'i-0123456789abcdef0',
  availabilityZone: 'us-east-1b',
  region: 'us-east-1',
};

/** A tiny IMDSv2: PUT /latest/api/token, then GETs that must carry the token. */
export async function startFakeImds(instance: FakeInstance = SAMPLE_INSTANCE): Promise<FakeImds> {
  const tokens = new Set<string>();
  const requests: string[] = [];
  const values: Record<string, string> = {
    '/latest/meta-data/instance-id': instance.instanceId,
    '/latest/meta-data/placement/availability-zone': instance.availabilityZone,
    '/latest/meta-data/placement/region': instance.region,
  };
  if (instance.roleName && instance.credentials) {
    values['/latest/meta-data/iam/security-credentials/'] = instance.roleName;
    values[`/latest/meta-data/iam/security-credentials/${instance.roleName}`] = JSON.stringify({
      Code: 'Success',
      LastUpdated: new Date().toISOString(),
      Type: 'AWS-HMAC',
      AccessKeyId: instance.credentials.accessKeyId,
      SecretAccessKey: instance.credentials.secretAccessKey,
      Token: 'fake-session-token',
      Expiration: new Date(Date.now() + 6 * 3600_000).toISOString(),
    });
  }
  const server = createServer((req, res) => {
    const answer = (status: number, body: string): void => {
      requests.push(`${req.method} ${req.url} ${status}`);
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(body);
    };
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      if (!req.headers['x-aws-ec2-metadata-token-ttl-seconds']) return answer(400, 'missing ttl');
      const token = randomUUID();
      tokens.add(token);
      return answer(200, token);
    }
    if (req.method !== 'GET') return answer(405, '');
    if (!tokens.has(String(req.headers['x-aws-ec2-metadata-token']))) return answer(401, '');
    const value = values[req.url ?? ''];
    return value === undefined ? answer(404, '') : answer(200, value);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface TestApp extends RunningServer {
  dataDir: string;
  logs: string[];
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'directory-app-test-'));
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function startTestApp(options: { bucket: string; imdsUrl: string; dataDir?: string; account?: string }): Promise<TestApp> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const logs: string[] = [];
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    photosBucket: options.bucket,
    dataDir,
    region: REGION,
    s3Endpoint: LOCALSTACK_ENDPOINT,
    metadataEndpoint: options.imdsUrl,
    s3Credentials: credentialsFor(options.account),
    log: (line) => logs.push(line),
  });
  return { ...server, dataDir, logs };
}

// Sample images: only their first bytes make them what they are.
export function pngBytes(extra = 64): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(extra)]);
}
export function jpegBytes(extra = 64): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(extra)]);
}
export function webpBytes(extra = 64): Buffer {
  return Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), randomBytes(extra)]);
}

export interface EmployeeFields {
  name?: string;
  location?: string;
  jobTitle?: string;
  badges?: string[];
  photo?: { bytes: Buffer; filename: string; type?: string };
}

export function employeeForm(fields: EmployeeFields): FormData {
  const form = new FormData();
  if (fields.name !== undefined) form.append('name', fields.name);
  if (fields.location !== undefined) form.append('location', fields.location);
  if (fields.jobTitle !== undefined) form.append('jobTitle', fields.jobTitle);
  for (const badge of fields.badges ?? []) form.append('badges', badge);
  if (fields.photo) {
    const { bytes, filename, type = 'image/png' } = fields.photo;
    form.append('photo', new Blob([new Uint8Array(bytes)], { type }), filename);
  }
  return form;
}

export function postForm(url: string, form: FormData): Promise<Response> {
  return fetch(url, { method: 'POST', body: form, redirect: 'manual' });
}

/** Adds an employee through the app and returns its id (the one new on the list page). */
export async function addEmployee(app: RunningServer, fields: EmployeeFields): Promise<string> {
  const before = new Set(await listedIds(app));
  const response = await postForm(`${app.url}/employees`, employeeForm(fields));
  if (response.status !== 303) throw new Error(`adding an employee answered ${response.status}: ${await response.text()}`);
  const added = (await listedIds(app)).filter((id) => !before.has(id));
  const [id, ...others] = added;
  if (id === undefined || others.length > 0) throw new Error(`expected one new employee on the list page, found ${added.length}`);
  return id;
}

export async function listedIds(app: RunningServer): Promise<string[]> {
  return employeeIdsOn(await (await fetch(`${app.url}/`)).text());
}

export function employeeIdsOn(page: string): string[] {
  return [...page.matchAll(/\/employees\/([0-9a-f-]{36})\/edit/g)].flatMap(([, id]) => (id ? [id] : []));
}

/** A raw request, so paths reach the server exactly as written (fetch would normalise them). */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface AppFixture {
  bucket: TestBucket;
  imds: FakeImds;
  app: TestApp;
}

/**
 * A bucket of the test file's own, a fake IMDSv2 and the app, started before the file's tests and removed after;
 * in the LocalStack account given, or the shared test account.
 */
export function useAppFixture(account?: string): AppFixture {
  const fixture = {} as AppFixture;
  beforeAll(async () => {
    fixture.bucket = await createTestBucket(account);
    fixture.imds = await startFakeImds();
    fixture.app = await startTestApp({ bucket: fixture.bucket.name, imdsUrl: fixture.imds.url, account });
  });
  afterAll(async () => {
    await fixture.app?.close();
    await fixture.imds?.close();
    await fixture.bucket?.destroy();
    if (fixture.app) await removeDataDir(fixture.app.dataDir);
  });
  return fixture;
}
