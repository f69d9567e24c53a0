// A local instance metadata service that speaks IMDSv2 like EC2's at 169.254.169.254: PUT /latest/api/token with a
// TTL header gives a session token, and every GET must carry it (X-aws-ec2-metadata-token) or gets 401. It answers
// the instance's identity and, like EC2, the temporary credentials of the role in the instance's profile.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const MAX_TOKEN_TTL_SECONDS = 21_600;
const META_DATA = '/latest/meta-data/';
const CREDENTIALS = 'iam/security-credentials/';

/** What EC2 serves at iam/security-credentials/<role>: keys on success, a code and message otherwise. */
export type CredentialDocument =
  | { Code: 'Success'; LastUpdated: string; Type: 'AWS-HMAC'; AccessKeyId: string; SecretAccessKey: string; Token: string; Expiration: string }
  | { Code: string; LastUpdated: string; Message: string };

export interface InstanceRole {
  profileArn: string;
  profileId: string;
  /** Undefined when the profile holds no role: then EC2 has no credentials to give. */
  roleName?: string;
  credentials(): Promise<CredentialDocument>;
}

export interface MetadataSource {
  /** Values by their path under /latest/meta-data/, e.g. `instance-id`, `placement/availability-zone`. */
  values(): Record<string, string>;
  /** The instance's HttpTokens setting: `required` refuses requests without a token (IMDSv1). */
  tokensRequired(): boolean;
  /** The instance's profile and its role, read when asked (a profile can be replaced while the instance runs). */
  instanceRole(): Promise<InstanceRole | undefined>;
}

export interface MetadataService {
  url: string;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: string;
  type?: string;
}

export async function startMetadataService(source: MetadataSource, log: (line: string) => void): Promise<MetadataService> {
  const tokens = new Map<string, number>();
  const server = createServer((req, res) => {
    handle(req, source, tokens).then(
      (answer) => send(req, res, answer, log),
      (error: unknown) => send(req, res, { status: 500, body: '' }, log, error),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, source: MetadataSource, tokens: Map<string, number>): Promise<Answer> {
  const [path = ''] = (req.url ?? '').split('?');
  if (path === '/latest/api/token') return req.method === 'PUT' ? newToken(req, tokens) : { status: 405, body: '' };
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, body: '' };
  const token = header(req, 'x-aws-ec2-metadata-token');
  if (token !== undefined ? !isValid(token, tokens) : source.tokensRequired()) return { status: 401, body: '' };
  if (!path.startsWith(META_DATA)) return notFound();
  return metaData(path.slice(META_DATA.length), source);
}

function newToken(req: IncomingMessage, tokens: Map<string, number>): Answer {
  // EC2 refuses token requests that went through a proxy, so a token cannot be fetched on an instance's behalf.
  if (header(req, 'x-forwarded-for') !== undefined) return { status: 403, body: '' };
  const ttl = Number(header(req, 'x-aws-ec2-metadata-token-ttl-seconds'));
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) return { status: 400, body: '' };
  const now = Date.now();
  for (const [known, expires] of tokens) if (expires <= now) tokens.delete(known);
  const token = randomBytes(32).toString('base64url');
  tokens.set(token, now + ttl * 1000);
  return { status: 200, body: token };
}

function isValid(token: string, tokens: Map<string, number>): boolean {
  const expires = tokens.get(token);
  return expires !== undefined && expires > Date.now();
}

async function metaData(path: string, source: MetadataSource): Promise<Answer> {
  const values = source.values();
  // Own keys only: `constructor` or `toString` is in every object, and is no value of the instance.
  const value = Object.hasOwn(values, path) ? values[path] : undefined;
  if (value !== undefined) return { status: 200, body: value };
  if (path.startsWith('iam/')) return iam(path, await source.instanceRole());
  const folders = (await source.instanceRole()) ? ['iam/'] : [];
  const listing = listingOf(path, [...Object.keys(values), ...folders]);
  return listing ? { status: 200, body: listing } : notFound();
}

async function iam(path: string, role: InstanceRole | undefined): Promise<Answer> {
  // An instance without a profile has no iam/ branch at all.
  if (!role) return notFound();
  if (path === 'iam/') return { status: 200, body: 'info\nsecurity-credentials/' };
  if (path === 'iam/info') {
    const info = { Code: 'Success', LastUpdated: new Date().toISOString(), InstanceProfileArn: role.profileArn, InstanceProfileId: role.profileId };
    return json(info);
  }
  if (!role.roleName) return notFound();
  if (path === CREDENTIALS) return { status: 200, body: role.roleName };
  if (path === `${CREDENTIALS}${role.roleName}`) return json(await role.credentials());
  return notFound();
}

/** The entries directly under `dir`, as EC2 lists them: one a line, folders with a trailing slash. */
function listingOf(dir: string, paths: string[]): string | undefined {
  const below = paths.filter((p) => p.startsWith(dir) && p !== dir).map((p) => p.slice(dir.length));
  if (below.length === 0) return undefined;
  const names = below.map((rest) => (rest.includes('/') ? `${rest.split('/')[0]}/` : rest));
  return [...new Set(names)].sort().join('\n');
}

function json(value: object): Answer {
  return { status: 200, body: JSON.stringify(value, null, 2), type: 'application/json' };
}

function notFound(): Answer {
  return { status: 404, body: '' };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(req: IncomingMessage, res: ServerResponse, answer: Answer, log: (line: string) => void, error?: unknown): void {
  // Paths and status codes only: a credentials answer holds secrets, so bodies are never logged.
  const problem = error ? ` (${error instanceof Error ? error.name : 'error'})` : '';
  log(`imds ${req.method} ${(req.url ?? '').split('?')[0]} ${answer.status}${problem}`);
  res.writeHead(answer.status, { 'Content-Type': answer.type ?? 'text/plain', 'Content-Length': Buffer.byteLength(answer.body) });
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}
