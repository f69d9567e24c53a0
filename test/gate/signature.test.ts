// Signatures of keys made on the local cloud are verified as AWS verifies them: a wrong secret or a request changed
// after signing gets SignatureDoesNotMatch in the service's own shape; a presigned URL works until it is altered; and a
// large upload streams through. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
import { createHash } from 'node:crypto';
import { CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../lab-runner/gate/sigv4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsAt, failure, rootKeys, startTestGate, type TestClients, type TestGate } from './helpers.js';

const ACCOUNT = '000000005400';
const run = Date.now().toString(36);
const bucket = `gate-sig-${run}`;
let gate: TestGate;
let root: TestClients;
let keys: { accessKeyId: string; secretAccessKey: string };
let asUser: TestClients;

beforeAll(async () => {
  gate = await startTestGate(4623);
  root = clientsAt(gate.url, rootKeys(ACCOUNT));
  await root.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const user = `signer-${run}`;
  await root.iam.send(new CreateUserCommand({ UserName: user }));
  await root.iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
  const key = (await root.iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey;
  keys = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
  asUser = clientsAt(gate.url, keys);
});

afterAll(async () => {
  await gate.close();
});

/** A request signed as the SDK signs it, sent with fetch, so the test can change it after signing. */
async function signedQuery(body: string): Promise<{ headers: Record<string, string> }> {
  const url = new URL(gate.url);
  const signer = new SignatureV4({ credentials: keys, region: 'us-east-1', service: 'iam', sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  return { headers: signed.headers };
}

describe('signatures through the gate', () => {
  it('takes a request signed with the right secret', async () => {
    await expect(asUser.iam.send(new ListUsersCommand({}))).resolves.toBeDefined();
  });

  it('refuses a wrong secret with SignatureDoesNotMatch, in the query, S3 and JSON shapes', async () => {
    const wrong = clientsAt(gate.url, { ...keys, secretAccessKey: `${keys.secretAccessKey}x` });
    const iam = await failure(wrong.iam.send(new ListUsersCommand({})));
    expect(iam).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(iam.message).toMatch(/^The request signature we calculated does not match the signature you provided/);
    expect(await failure(wrong.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'b' })))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(await failure(wrong.sqs.send(new ListQueuesCommand({})))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('refuses a request whose body was changed after it was signed', async () => {
    const body = 'Action=ListUsers&Version=2010-05-08';
    const { headers } = await signedQuery(body);
    const intact = await fetch(`${gate.url}/`, { method: 'POST', headers, body });
    expect(intact.status).toBe(200);
    const tampered = await fetch(`${gate.url}/`, { method: 'POST', headers, body: `${body}&MaxItems=1` });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated/);
  });

  it('serves a presigned URL of the key, and refuses it once altered', async () => {
    await asUser.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'photo.txt', Body: 'a photo' }));
    const url = await getSignedUrl(asUser.s3, new GetObjectCommand({ Bucket: bucket, Key: 'photo.txt' }), { expiresIn: 60 });
    const good = await fetch(url);
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('a photo');
    const altered = await fetch(url.replace('photo.txt', 'other.txt'));
    expect(altered.status).toBe(403);
    expect(await altered.text()).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('streams an upload of a few megabytes through, signed by the key, and back', async () => {
    const body = Buffer.alloc(6 * 1024 * 1024, 'cloud workbook ');
    await asUser.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: body }));
    const back = await asUser.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    const bytes = Buffer.from((await back.Body?.transformToByteArray()) ?? []);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
  });
});
