// An HTTP proxy in front of the suite's LocalStack that a test can cut (the endpoint stops answering) or make
// answer a few calls with "slow down" / 503 before passing them on, the faults a real cloud shows; it can also answer a
// few calls itself (a state or an error LocalStack never shows) or pass one on and lose its answer.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultProxy {
  url: string;
  /** The next `count` requests whose body contains `match` get an EC2-style RequestLimitExceeded 503. */
  throttle(match: string, count: number): void;
  /** The next `count` requests whose body contains `match` are held for `ms` before they go on. */
  delay(match: string, count: number, ms: number): void;
  /** The next `count` requests whose body contains `match` get this answer instead of the cloud's. */
  answer(match: string, count: number, answer: { status: number; body: string }): void;
  /** The next `count` requests whose body contains `match` reach the cloud, but their answer is dropped. */
  loseAnswer(match: string, count: number): void;
  /** Every request body the proxy has taken, in order. */
  bodies(): string[];
  /** Every request from now on has its connection dropped, until `restore()`. */
  cut(): void;
  restore(): void;
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

// Where secrets travel in the query/XML and JSON protocols the labs use.
const SECRET_PATTERNS = [
  /<(SecretAccessKey|SessionToken|Base32StringSeed)>([^<]+)</g,
  /"(SecretAccessKey|SessionToken|Base32StringSeed|Password)"\s*:\s*"([^"]+)"/g,
  /(?:^|&)(Password|NewPassword)=([^&]+)/g,
];

function secretsIn(text: string): string[] {
  return SECRET_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => decodeURIComponent(m[2].replace(/\+/g, ' '))));
}

const THROTTLED = `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>`;

export async function startFaultProxy(upstream = 'http://127.0.0.1:4566'): Promise<FaultProxy> {
  const target = new URL(upstream);
  const throttles: { match: string; left: number }[] = [];
  const delays: { match: string; left: number; ms: number }[] = [];
  const canned: { match: string; left: number; status: number; body: string }[] = [];
  const losses: { match: string; left: number }[] = [];
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

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, lose = false) => {
    const upstreamReq = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          const answer = Buffer.concat(chunks);
          for (const secret of secretsIn(answer.toString())) seen.add(secret);
          if (lose) return void (req.socket.destroy(), finished());
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
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
      const own = canned.find((c) => c.left > 0 && text.includes(c.match));
      if (own) {
        own.left -= 1;
        faultCount += 1;
        res.writeHead(own.status, { 'content-type': 'text/xml' });
        return void res.end(own.body);
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
      const loss = losses.find((l) => l.left > 0 && text.includes(l.match));
      if (loss) (loss.left -= 1), (faultCount += 1);
      setTimeout(() => forward(req, body, res, Boolean(loss)), hold?.ms ?? 0);
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
    answer: (match, count, { status, body }) => void canned.push({ match, left: count, status, body }),
    loseAnswer: (match, count) => void losses.push({ match, left: count }),
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
