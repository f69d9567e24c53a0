// Read-only grading, enforced rather than trusted, on any target with an endpoint (LocalStack, a rehearsal class): the
// checks' requests go through this guard on 127.0.0.1, which passes on what only reads (Get*, List*, Describe*, an S3
// GET or HEAD) and answers anything else itself with a refusal, so nothing in the student's account changes. A check
// that writes (a test notification) then fails with that refusal, and the grader reports it as a skipped write test.
// Even ReceiveMessage is refused: it hides a message from the student's own reader for a while.
import { Agent as HttpAgent, createServer, type IncomingHttpHeaders, request as httpRequest, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { isReadAction } from './read-only-policy.js';

export const REFUSAL_CODE = 'ReadOnlyGrading';
const REFUSAL = /ReadOnlyGrading: grading only reads: (.+?) was not sent/;

export interface ReadOnlyGuard {
  /** Where the checks send their requests instead of the target's endpoint. */
  endpoint: string;
  stop(): Promise<void>;
}

/** The action a check's refused call named, from the detail of the check it failed: `SetAlarmState`. */
export function refusedWrite(detail: string): string | undefined {
  return REFUSAL.exec(detail)?.[1];
}

/** What a request asks for, in each of the protocols the SDK speaks: JSON (X-Amz-Target), query (Action=), REST (S3). */
export function requestedAction(method: string, headers: IncomingHttpHeaders, body: string): { action: string; reads: boolean } {
  const target = headers['x-amz-target'];
  const fromTarget = typeof target === 'string' ? target.split('.').pop() : undefined;
  const fromQuery = String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body).get('Action') : null;
  const action = fromTarget || fromQuery;
  if (action) return { action, reads: isReadAction(action) };
  return { action: `an S3 ${method} request`, reads: method === 'GET' || method === 'HEAD' };
}

export async function startReadOnlyGuard(upstream: string): Promise<ReadOnlyGuard> {
  const to = new URL(upstream);
  const secure = to.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { action, reads } = requestedAction(req.method ?? 'GET', req.headers, body.toString());
      if (!reads) return refuse(res, action, req.headers, body.toString());
      const onward = send(
        { protocol: to.protocol, host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      // The check sees the connection fail as it would have without the guard: unreachable.
      onward.on('error', () => res.destroy());
      onward.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The refusal in the request's own protocol, so the SDK raises it as an error with this code and message. */
function refuse(res: ServerResponse, action: string, headers: IncomingHttpHeaders, body: string): void {
  const message = `grading only reads: ${action} was not sent`;
  if (headers['x-amz-target']) {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${REFUSAL_CODE};Sender` });
    return void res.end(JSON.stringify({ __type: REFUSAL_CODE, message }));
  }
  const error = `<Code>${REFUSAL_CODE}</Code><Message>${message}</Message>`;
  res.writeHead(403, { 'content-type': 'text/xml' });
  if (/(^|&)Version=2016-11-15(&|$)/.test(body)) return void res.end(`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>${error}</Error></Errors><RequestID>read-only-grading</RequestID></Response>`);
  if (/(^|&)Action=/.test(body)) return void res.end(`<ErrorResponse><Error><Type>Sender</Type>${error}</Error><RequestId>read-only-grading</RequestId></ErrorResponse>`);
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error>${error}<RequestId>read-only-grading</RequestId></Error>`);
}
