// The gate: an HTTP proxy in front of LocalStack that refuses what AWS would refuse, in AWS's words, and passes the
// rest on untouched. Bodies stream (S3 uploads are never held in memory); only small API bodies are read, to judge them.
import { loadServices, SERVICE_NAMES } from '../clients.js';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Authorizer, type Log } from './authorize.js';
import { DEFAULT_TUNING, defaultBehaviours, type Behaviours, type Tuning } from './behaviours.js';
import { BILLING_REGION, HiddenBilling, refuseAwsNamespace, turnOnBillingAlerts } from './billing.js';
import { DEFAULT_ACCOUNT, identifyCaller, rootOf, type Caller } from './caller.js';
import { Consistency, RECORDS_FROM } from './consistency.js';
import { accessDenied, expiredToken, expiredUrl, invalidKey, sendError, signatureMismatch, type AwsError } from './errors.js';
import { IdentityStore } from './identity.js';
import { KeyRegistry } from './keys.js';
import { forgetFromRequest, learnFromAnswer, LEARNS_FROM } from './learn.js';
import { Offerings } from './offerings.js';
import { describeRequest, needsBody, type GateRequest } from './request.js';
import { verifySignature } from './sigv4.js';
import { filterUndeliverable } from './sns-delivery.js';
import { Throttle } from './throttling.js';
import { validate } from './validation.js';

export interface GateOptions {
  /** Where the gate listens; loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The LocalStack behind the gate, e.g. http://127.0.0.1:4567. */
  upstream: string;
  behaviours?: Partial<Behaviours>;
  tuning?: Partial<Tuning>;
  /** A 0600 file that keeps learnt keys across restarts of the gate; memory only when absent. */
  keyFile?: string;
  /** Where the gate's few log lines go (unmapped operations); stderr by default. Never given a secret. */
  log?: Log;
}

export interface GateStatus {
  gate: true;
  upstream: string;
  behaviours: Behaviours;
  tuning: Tuning;
}

export interface Gate {
  url: string;
  port: number;
  status(): GateStatus;
  /** Changes behaviours or tuning of the running gate. */
  configure(change: { behaviours?: Partial<Behaviours>; tuning?: Partial<Tuning> }): GateStatus;
  close(): Promise<void>;
}

/** The largest API body the gate reads to judge a request; SQS messages (256 KiB) and policies fit well within. */
const MAX_JUDGED_BODY = 8 * 1024 * 1024;
const MUTATING = /^(?!Get|List|Describe|Head)/;

export async function startGate(options: GateOptions): Promise<Gate> {
  // The gate reads identities and policies, publishes billing data and offerings, as each account's root.
  await loadServices(SERVICE_NAMES);
  const upstream = new URL(options.upstream);
  const behaviours: Behaviours = { ...defaultBehaviours(), ...options.behaviours };
  const tuning: Tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const log: Log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const store = new IdentityStore(options.upstream);
  const keys = new KeyRegistry(options.keyFile);
  const authorizer = new Authorizer(store, log);
  const offerings = new Offerings(store);
  const consistency = new Consistency();
  const throttle = new Throttle();
  const hiddenBilling = new HiddenBilling();
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const sockets = new Set<Socket>();

  const status = (): GateStatus => ({ gate: true, upstream: options.upstream, behaviours: { ...behaviours }, tuning: { ...tuning } });

  /** Every refusal the gate can make, in the order AWS makes them: who you are, whether you may, what you sent. */
  async function refusal(request: GateRequest, caller: Caller | undefined): Promise<AwsError | undefined> {
    const account = caller?.principal.account ?? DEFAULT_ACCOUNT;
    if (behaviours.throttling) {
      const slowDown = throttle.take(request, account, tuning.throttleBurst, tuning.throttleRatePerSecond);
      if (slowDown) return slowDown;
    }
    if (behaviours.iam && caller) {
      const refused = await authenticate(request, caller);
      if (refused) return refused;
      const decision = await authorizer.decide(request, caller.principal);
      if (!decision.allowed) return accessDenied(request, decision.message);
    }
    if (behaviours.validation) {
      const invalid = validate(request);
      if (invalid) return invalid;
    }
    if (behaviours.billing) {
      const reserved = refuseAwsNamespace(request);
      if (reserved) return reserved;
    }
    if (behaviours.offerings) {
      const unsupported = await offerings.check(request, account);
      if (unsupported) return unsupported;
    }
    if (behaviours.consistency) return consistency.check(request, account);
    return undefined;
  }

  async function authenticate(request: GateRequest, caller: Caller): Promise<AwsError | undefined> {
    const known = caller.known;
    const signed = request.signed;
    if (!known || !signed) return undefined;
    if (!known.active) return invalidKey(request);
    if (known.expiresAt !== undefined && known.expiresAt < Date.now()) return expiredToken(request);
    if (known.secret.sessionToken && signed.sessionToken !== known.secret.sessionToken) return invalidKey(request);
    const verdict = await verifySignature(request.method, request.url, request.headers, signed, known.secret, request.body);
    if (verdict === 'expired') return expiredUrl();
    return verdict === 'mismatch' ? signatureMismatch(request) : undefined;
  }

  /** What to do with the cloud's answer: learn a key, note a new resource, or filter what AWS would not show. */
  function answerHandler(request: GateRequest, caller: Caller | undefined): ((answer: string) => Promise<string>) | undefined {
    const op = `${request.service}:${request.operation}`;
    const principal = caller?.principal ?? rootOf(DEFAULT_ACCOUNT);
    const account = principal.account;
    if (LEARNS_FROM.has(op)) return async (answer) => (learnFromAnswer(keys, request, principal, answer), answer);
    if (behaviours.billing && hiddenBilling.hides(request, account)) return async (answer) => hiddenBilling.filter(request, answer);
    if (behaviours.consistency && RECORDS_FROM.has(op)) return async (answer) => (consistency.record(request, account, answer, tuning.consistencyWindowMs), answer);
    if (behaviours.offerings && op === 'ec2:DescribeInstanceTypeOfferings') return (answer) => offerings.filter(request, account, answer);
    if (behaviours.iam && op === 'sqs:ReceiveMessage') return (answer) => filterUndeliverable(store, request, account, answer);
    return undefined;
  }

  function afterSuccess(request: GateRequest, caller: Caller | undefined): void {
    const principal = caller?.principal ?? rootOf(DEFAULT_ACCOUNT);
    forgetFromRequest(keys, request, principal);
    const writesPolicy =
      (request.service === 'iam' && MUTATING.test(request.operation)) ||
      (request.service === 's3' && /Bucket(Policy)?$/.test(request.operation) && MUTATING.test(request.operation)) ||
      (request.service === 'sqs' && /Queue(Attributes)?$/.test(request.operation) && MUTATING.test(request.operation));
    if (writesPolicy) store.invalidate(principal.account);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (url.startsWith('/_gate/')) return admin(req, res, url);
    const method = req.method ?? 'GET';
    const body = needsBody(req.headers, url) ? await readBody(req) : undefined;
    const request = describeRequest(method, url, req.headers, body, req.socket.remoteAddress ?? '127.0.0.1');
    const caller = request.signed ? await identifyCaller(request.signed, keys, store) : undefined;
    const refused = await refusal(request, caller);
    if (refused) return sendError(res, request, refused);
    forward(req, res, request, answerHandler(request, caller), () => afterSuccess(request, caller));
  }

  function forward(req: IncomingMessage, res: ServerResponse, request: GateRequest, onAnswer: ((answer: string) => Promise<string>) | undefined, onSuccess: () => void): void {
    const headers = { ...req.headers };
    // An answer the gate reads must come uncompressed.
    if (onAnswer) delete headers['accept-encoding'];
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers, agent }, (answer) => {
      const status = answer.statusCode ?? 502;
      if (status < 300) onSuccess();
      if (!onAnswer || status >= 300) {
        res.writeHead(status, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        onAnswer(Buffer.concat(chunks).toString('utf8'))
          .then((text) => {
            const bytes = Buffer.from(text, 'utf8');
            const h = { ...answer.headers, 'content-length': String(bytes.length) };
            delete h['transfer-encoding'];
            res.writeHead(status, h);
            res.end(bytes);
          })
          .catch((error: unknown) => fail(res, request, error));
      });
    });
    out.on('error', (error) => fail(res, request, error));
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    if (request.body) out.end(request.body);
    else req.pipe(out);
  }

  function fail(res: ServerResponse, request: GateRequest, error: unknown): void {
    if (res.headersSent) return void res.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    sendError(res, request, { status: 503, code: 'ServiceUnavailable', type: 'Receiver', message: `The local cloud behind the gate (${options.upstream}) did not answer: ${reason}` });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
    const reply = (code: number, value: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url === '/_gate/status' && req.method === 'GET') return reply(200, status());
    if (url === '/_gate/behaviours' && req.method === 'PUT') {
      const change = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { behaviours?: Partial<Behaviours>; tuning?: Partial<Tuning> };
      return reply(200, configure(change));
    }
    if (url === '/_gate/billing-alerts' && (req.method === 'POST' || req.method === 'DELETE')) {
      const { account } = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { account?: string };
      if (!account || !/^\d{12}$/.test(account)) return reply(400, { error: 'Give the 12-digit account id: {"account": "123456789012"}.' });
      if (req.method === 'DELETE') {
        // For tests only: on AWS the preference cannot be turned off once on.
        hiddenBilling.turnOff(account);
        return reply(200, { account, region: BILLING_REGION, billingAlerts: 'off' });
      }
      hiddenBilling.turnOn(account);
      return reply(200, await turnOnBillingAlerts(store, account));
    }
    reply(404, { error: `No gate endpoint ${req.method} ${url}.` });
  }

  function configure(change: { behaviours?: Partial<Behaviours>; tuning?: Partial<Tuning> }): GateStatus {
    for (const [name, on] of Object.entries(change.behaviours ?? {})) if (name in behaviours) behaviours[name as keyof Behaviours] = Boolean(on);
    for (const [name, value] of Object.entries(change.tuning ?? {})) if (name in tuning && typeof value === 'number') tuning[name as keyof Tuning] = value;
    return status();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`The gate failed on this request: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    status,
    configure,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_JUDGED_BODY) return void req.destroy(new Error('request body too large for the gate to judge'));
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

