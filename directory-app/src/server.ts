// The HTTP server: matches each request to a route, applies the security headers and
// the same-origin rule for form posts, and logs one line per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInstanceMetadata, DEFAULT_METADATA_ENDPOINT } from './imds.js';
import { createPhotoBucket, type PhotoBucketConfig } from './photos.js';
import { sendError, sendNotFound, setSecurityHeaders } from './respond.js';
import type { AppContext, RouteHandler } from './routes/context.js';
import {
  createEmployee,
  deleteEmployee,
  describe,
  sendPhoto,
  showDeleteConfirmation,
  showEditForm,
  showList,
  showNewForm,
  updateEmployee,
} from './routes/employees.js';
import { sendFavicon } from './routes/favicon.js';
import { showHealth, showInfo } from './routes/instance.js';
import { openEmployeeStore } from './store.js';

export interface AppConfig {
  photosBucket: string;
  dataDir: string;
  /** When absent, the region is read from the instance metadata service. */
  region?: string;
  /** A custom S3 endpoint (LocalStack). */
  s3Endpoint?: string;
  metadataEndpoint?: string;
  /** Only for tests; otherwise the SDK's default credential chain. */
  s3Credentials?: PhotoBucketConfig['credentials'];
  log?: (line: string) => void;
}

export interface ServerConfig extends AppConfig {
  port: number;
  host: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  handler: RouteHandler;
}

// An id segment is captured as-is (still percent-encoded); handlers accept only UUIDs.
const ROUTES: Route[] = [
  { method: 'GET', path: /^\/$/, handler: showList },
  { method: 'GET', path: /^\/employees\/new$/, handler: showNewForm },
  { method: 'POST', path: /^\/employees$/, handler: createEmployee },
  { method: 'GET', path: /^\/employees\/([^/]+)\/edit$/, handler: showEditForm },
  { method: 'POST', path: /^\/employees\/([^/]+)$/, handler: updateEmployee },
  { method: 'GET', path: /^\/employees\/([^/]+)\/delete$/, handler: showDeleteConfirmation },
  { method: 'POST', path: /^\/employees\/([^/]+)\/delete$/, handler: deleteEmployee },
  { method: 'GET', path: /^\/employees\/([^/]+)\/photo$/, handler: sendPhoto },
  { method: 'GET', path: /^\/info$/, handler: showInfo },
  { method: 'GET', path: /^\/health$/, handler: showHealth },
  { method: 'GET', path: /^\/favicon\.(svg|ico)$/, handler: sendFavicon },
];

export async function createApp(config: AppConfig): Promise<Server> {
  const metadata = createInstanceMetadata(config.metadataEndpoint ?? DEFAULT_METADATA_ENDPOINT);
  const ctx: AppContext = {
    store: await openEmployeeStore(config.dataDir),
    photos: createPhotoBucket({
      bucket: config.photosBucket,
      region: config.region ?? (() => metadata.region()),
      endpoint: config.s3Endpoint,
      credentials: config.s3Credentials,
    }),
    metadata,
    log: config.log ?? ((line) => console.log(line)),
  };
  return createServer((req, res) => void handleRequest(ctx, req, res));
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const server = await createApp(config);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, port, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
    // Requests still running after a grace period are cut off.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}

async function handleRequest(ctx: AppContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const path = requestPath(req);
  res.on('close', () => {
    const ms = Math.round(performance.now() - started);
    ctx.log(`${req.method} ${path ?? '(invalid path)'} ${res.statusCode} ${ms}ms`);
  });
  setSecurityHeaders(res);
  try {
    await route(ctx, req, res, path);
  } catch (error) {
    ctx.log(`error on ${req.method} ${path}: ${describe(error)}`);
    if (!res.headersSent) sendError(res, 500, 'Something went wrong', 'The server could not complete this request.');
    else res.destroy();
  }
}

async function route(ctx: AppContext, req: IncomingMessage, res: ServerResponse, path: string | null): Promise<void> {
  if (path === null) return sendError(res, 400, 'Bad request', 'The address is not valid.');
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const matches = ROUTES.filter((r) => r.path.test(path));
  if (matches.length === 0) return sendNotFound(res);
  const matched = matches.find((r) => r.method === method);
  if (!matched) {
    res.setHeader('Allow', [...new Set(matches.map((r) => r.method))].join(', '));
    return sendError(res, 405, 'Method not allowed', 'This address does not accept that kind of request.');
  }
  if (matched.method === 'POST' && !isSameOrigin(req)) {
    return sendError(res, 403, 'Forbidden', 'Forms can only be sent from this site.');
  }
  const id = matched.path.exec(path)?.[1] ?? '';
  await matched.handler(ctx, req, res, id);
}

/** The request's path, without the query; null when the request target is not a path. */
function requestPath(req: IncomingMessage): string | null {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return null;
  try {
    // A fixed base keeps a target such as "//host/x" a path instead of a host name.
    return new URL(`http://app${target}`).pathname;
  } catch {
    return null;
  }
}

// Browsers send Origin with form posts; one from another site is a cross-site request.
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] !== 'cross-site';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
