// An AWS stand-in for the root-and-admin lab's paths that LocalStack does not take as AWS does: a proxy in front of
// the suite's LocalStack that answers chosen IAM actions itself, as AWS would (a password the policy refuses, codes a
// skewed clock computed, a permission the caller lacks), and passes everything else on. It remembers nothing it sees.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localstackEndpoint } from '../../../lab-runner/localstack/endpoint.js';

export interface AwsAnswer {
  status: number;
  code: string;
  message: string;
  /** Extra headers, e.g. a Date that differs from this machine's clock. */
  headers?: Record<string, string>;
}

/** Decides, from an IAM request's form fields, whether AWS would refuse it; undefined passes it on. */
export type Refusal = (fields: URLSearchParams) => AwsAnswer | undefined;

export interface AwsStandIn {
  url: string;
  /** Answers the IAM action `action` with `refusal`'s answer whenever it gives one. */
  refuse(action: string, refusal: Refusal): void;
  /** How many requests were refused. */
  refused(): number;
  stop(): Promise<void>;
}

function iamError({ code, message }: AwsAnswer): string {
  return `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>`;
}

export async function startAwsStandIn(upstream = localstackEndpoint()): Promise<AwsStandIn> {
  const target = new URL(upstream);
  const refusals = new Map<string, Refusal>();
  let refusedCount = 0;

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const upstreamReq = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    upstreamReq.on('error', () => res.destroy());
    upstreamReq.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fields = new URLSearchParams(body.toString());
      const refusal = refusals.get(fields.get('Action') ?? '');
      const answer = refusal?.(fields);
      if (!answer) return forward(req, body, res);
      refusedCount += 1;
      res.writeHead(answer.status, { 'content-type': 'text/xml', ...answer.headers });
      res.end(iamError(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refuse: (action, refusal) => void refusals.set(action, refusal),
    refused: () => refusedCount,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
