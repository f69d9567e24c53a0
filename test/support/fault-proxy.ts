// An HTTP proxy in front of the suite's local cloud (its gate, at AWS_ENDPOINT_URL) that a test can cut (the endpoint
// stops answering) or make answer a few calls with "slow down" / 503 before passing them on, lose an answer, hide a
// resource just made, change an answer or give one of its own (a state or an error LocalStack never shows): the faults
// and the differences a real cloud shows.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';

export interface FaultProxy {
  url: string;
  /** The next `count` requests whose body contains `match` get an EC2-style RequestLimitExceeded 503. */
  throttle(match: string, count: number): void;
  /** The next `count` requests whose body contains `match` are held for `ms` before they go on. */
  delay(match: string, count: number, ms: number): void;
  /** The next `times` requests that `when` picks get this answer instead of the cloud's (an AWS error, say). */
  respond(rule: FaultAnswer): void;
  /** The next `count` requests whose body contains `match` reach the cloud, but their answer is lost: the connection drops. */
  lose(match: string, count: number): void;
  /**
   * After the next request whose body contains `create` is answered, the first request that names what it made (the id in
   * the answer's `<idElement>`, as a parameter other than a filter) is answered `code`, as EC2 answers while a new
   * resource is not yet visible (eventual consistency).
   */
  hideNew(create: string, idElement: string, code: string): void;
  /** The next `count` requests whose body contains `match` are answered with the EC2 error `code` (HTTP 400), unsent. */
  refuse(match: string, count: number, code: string): void;
  /** Answers to requests whose body contains `match` are changed by `edit` on their way back, until the answer is called. */
  rewrite(match: string, edit: (answer: string) => string): () => void;
  /** The next `count` requests whose body contains `match` get this answer instead of the cloud's, unsent. */
  answer(match: string, count: number, answer: { status: number; body: string }): void;
  /** Every request from now on has its connection dropped, until `restore()`. */
  cut(): void;
  restore(): void;
  /** The `Action` of every request taken so far, in order (query-protocol services: EC2, IAM, STS, SNS…). */
  actions(): string[];
  /** Every request body the proxy has taken, in order. */
  bodies(): string[];
  /** How many requests were answered with a fault. */
  faults(): number;
  /** Resolves once a request whose body contains `match` arrives, from now on. */
  arrived(match: string): Promise<void>;
  /** Resolves once every request the proxy has taken has reached the cloud and been answered. */
  settled(): Promise<void>;
  /** Every secret that crossed the proxy: secret keys, session tokens, MFA seeds, console passwords. */
  secrets(): string[];
  stop(): Promise<void>;
}

export interface FaultAnswer {
  /** Picks a request by its headers (e.g. x-amz-target for JSON APIs) and body (e.g. Action=… for query APIs). */
  when: (headers: IncomingMessage['headers'], body: string) => boolean;
  status: number;
  contentType: string;
  body: string;
  times: number;
}

// Where secrets travel in the query/XML and JSON protocols the labs use.
const SECRET_PATTERNS = [
  /<(SecretAccessKey|SessionToken|Base32StringSeed)>([^<]+)</g,
  /"(SecretAccessKey|SessionToken|Base32StringSeed|Password)"\s*:\s*"([^"]+)"/g,
  /(?:^|&)(Password|NewPassword)=([^&]+)/g,
];

function secretsIn(text: string): string[] {
  return SECRET_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].flatMap(([, , secret]) => (secret ? [decodeURIComponent(secret.replace(/\+/g, ' '))] : [])));
}

function ec2Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>`;
}

/** The values of a query-protocol request's parameters, filters left out: a filter that matches nothing is no error. */
function namedValues(body: string): string[] {
  return [...new URLSearchParams(body).entries()].filter(([key]) => !key.startsWith('Filter.')).map(([, value]) => value);
}

const THROTTLED = `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>`;

export async function startFaultProxy(upstream = localstackEndpoint()): Promise<FaultProxy> {
  const target = new URL(upstream);
  const throttles: { match: string; left: number }[] = [];
  const delays: { match: string; left: number; ms: number }[] = [];
  const answers: FaultAnswer[] = [];
  const losses: { match: string; left: number }[] = [];
  const hides: { create: string; idElement: string; code: string }[] = [];
  const hidden: { id: string; code: string }[] = [];
  const rewrites: { match: string; edit: (answer: string) => string }[] = [];
  const refusals: { match: string; left: number; code: string }[] = [];
  const canned: { match: string; left: number; status: number; body: string }[] = [];
  const sockets = new Set<Socket>();
  let isCut = false;
  let faultCount = 0;
  const seen = new Set<string>();
  const bodies: string[] = [];
  let onArrival: (() => void)[] = [];
  let inFlight = 0;
  let onSettled: (() => void)[] = [];
  const finished = () => {
    inFlight -= 1;
    if (inFlight === 0) (onSettled.forEach((resolve) => resolve()), (onSettled = []));
  };

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const text = body.toString();
    const lost = losses.find((l) => l.left > 0 && text.includes(l.match));
    if (lost) lost.left -= 1;
    const upstreamReq = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          let answer = Buffer.concat(chunks);
          for (const secret of secretsIn(answer.toString())) seen.add(secret);
          const status = upstreamRes.statusCode ?? 502;
          if (status < 300) {
            for (const hide of hides.filter((h) => text.includes(h.create))) {
              const id = new RegExp(`<${hide.idElement}>([^<]+)</${hide.idElement}>`).exec(answer.toString())?.[1];
              if (id) (hidden.push({ id, code: hide.code }), hides.splice(hides.indexOf(hide), 1));
            }
          }
          const edits = rewrites.filter((r) => text.includes(r.match));
          if (edits.length > 0) answer = Buffer.from(edits.reduce((a, r) => r.edit(a), answer.toString()));
          if (lost) {
            faultCount += 1;
            req.socket.destroy();
            return finished();
          }
          const headers = { ...upstreamRes.headers };
          if (edits.length > 0) (delete headers['transfer-encoding'], (headers['content-length'] = String(answer.length)));
          res.writeHead(status, headers);
          res.end(answer);
          finished();
        });
      },
    );
    upstreamReq.on('error', () => (res.destroy(), finished()));
    upstreamReq.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (isCut) return void req.socket.destroy();
      const body = Buffer.concat(chunks);
      const text = body.toString();
      bodies.push(text);
      onArrival.forEach((wake) => wake());
      for (const secret of secretsIn(text)) seen.add(secret);
      const answer = answers.find((a) => a.times > 0 && a.when(req.headers, text));
      if (answer) {
        answer.times -= 1;
        faultCount += 1;
        res.writeHead(answer.status, { 'content-type': answer.contentType });
        return void res.end(answer.body);
      }
      const named = namedValues(text);
      const hiddenNow = hidden.findIndex((h) => named.includes(h.id));
      if (hiddenNow !== -1) {
        const [shown] = hidden.splice(hiddenNow, 1);
        faultCount += 1;
        res.writeHead(400, { 'content-type': 'text/xml' });
        return void res.end(ec2Error(shown?.code ?? 'NotFound', `The ID '${shown?.id ?? ''}' does not exist`));
      }
      const own = canned.find((c) => c.left > 0 && text.includes(c.match));
      if (own) {
        own.left -= 1;
        faultCount += 1;
        res.writeHead(own.status, { 'content-type': 'text/xml' });
        return void res.end(own.body);
      }
      const refusal = refusals.find((r) => r.left > 0 && text.includes(r.match));
      if (refusal) {
        refusal.left -= 1;
        faultCount += 1;
        res.writeHead(400, { 'content-type': 'text/xml' });
        return void res.end(ec2Error(refusal.code, `Refused by the fault proxy as ${refusal.code}`));
      }
      const rule = throttles.find((t) => t.left > 0 && text.includes(t.match));
      if (rule) {
        rule.left -= 1;
        faultCount += 1;
        res.writeHead(503, { 'content-type': 'text/xml' });
        return void res.end(THROTTLED);
      }
      inFlight += 1;
      const hold = delays.find((d) => d.left > 0 && text.includes(d.match));
      if (hold) hold.left -= 1;
      setTimeout(() => forward(req, body, res), hold?.ms ?? 0);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    throttle: (match, count) => void throttles.push({ match, left: count }),
    delay: (match, count, ms) => void delays.push({ match, left: count, ms }),
    respond: (rule) => void answers.push({ ...rule }),
    lose: (match, count) => void losses.push({ match, left: count }),
    hideNew: (create, idElement, code) => void hides.push({ create, idElement, code }),
    refuse: (match, count, code) => void refusals.push({ match, left: count, code }),
    answer: (match, count, { status, body }) => void canned.push({ match, left: count, status, body }),
    rewrite: (match, edit) => {
      const rewrite = { match, edit };
      rewrites.push(rewrite);
      return () => void rewrites.splice(rewrites.indexOf(rewrite), 1);
    },
    actions: () => bodies.map((b) => new URLSearchParams(b).get('Action') ?? ''),
    bodies: () => [...bodies],
    cut: () => {
      isCut = true;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      isCut = false;
    },
    faults: () => faultCount,
    arrived: (match) =>
      new Promise((resolve) => {
        const from = bodies.length;
        const check = () => bodies.slice(from).some((b) => b.includes(match)) && (resolve(), (onArrival = onArrival.filter((w) => w !== check)));
        onArrival.push(check);
      }),
    settled: () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => onSettled.push(resolve))),
    secrets: () => [...seen],
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
