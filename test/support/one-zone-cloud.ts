// A tiny AWS-compatible endpoint for the states LocalStack cannot be put in: an identity without a 12-digit account
// and a region with a single availability zone. The real SDK and the real checks talk to it over HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const answers: Record<string, string> = {
  GetCallerIdentity: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
    <Arn>arn:aws:iam::acct:user/nobody</Arn><UserId>AIDEXAMPLE</UserId><Account>acct</Account>
    </GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  DescribeAvailabilityZones: `<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId>
    <availabilityZoneInfo><item><zoneName>us-east-1a</zoneName><zoneId>use1-az1</zoneId><zoneState>available</zoneState>
    <regionName>us-east-1</regionName></item></availabilityZoneInfo></DescribeAvailabilityZonesResponse>`,
};

export async function startOneZoneCloud(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      res.writeHead(answers[action] ? 200 : 400, { 'content-type': 'text/xml' });
      res.end(answers[action] ?? `<Response><Errors><Error><Code>InvalidAction</Code><Message>${action}</Message></Error></Errors></Response>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
