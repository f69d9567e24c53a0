// aws:MultiFactorAuthPresent through the gate: long-term keys carry no MFA context, session credentials from
// GetSessionToken with an MFA code carry it, and a "deny unless MFA" statement tells them apart, as on AWS:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
import { CreateAccessKeyCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsAt, failure, rootKeys, startTestGate, type TestClients, type TestGate } from './helpers.js';

const ACCOUNT = '000000005200';
const run = Date.now().toString(36);
const bucket = `gate-mfa-${run}`;
const user = `mfa-user-${run}`;
let gate: TestGate;
let root: TestClients;
let asUser: TestClients;
let totp: TOTP;
let serial: string;

beforeAll(async () => {
  gate = await startTestGate(4621);
  root = clientsAt(gate.url, rootKeys(ACCOUNT));
  await root.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await root.iam.send(new CreateUserCommand({ UserName: user }));
  await root.iam.send(
    new PutUserPolicyCommand({
      UserName: user,
      PolicyName: 'DeleteNeedsMfa',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'UseTheBucket', Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] },
          { Sid: 'NoDeleteWithoutMfa', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
        ],
      }),
    }),
  );
  const device = (await root.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: user }))).VirtualMFADevice;
  serial = device?.SerialNumber ?? '';
  totp = new TOTP({ secret: Secret.fromBase32(new TextDecoder().decode(device?.Base32StringSeed)), digits: 6, period: 30 });
  const now = Date.now();
  await root.iam.send(new EnableMFADeviceCommand({ UserName: user, SerialNumber: serial, AuthenticationCode1: totp.generate({ timestamp: now - 30_000 }), AuthenticationCode2: totp.generate({ timestamp: now }) }));
  const key = (await root.iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey;
  asUser = clientsAt(gate.url, { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
});

afterAll(async () => {
  await gate.close();
});

describe('MFA through the gate', () => {
  it('denies the delete to the long-term key, which has no MFA context', async () => {
    await asUser.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: 'a' }));
    const denied = await failure(asUser.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a' })));
    expect(denied.message).toMatch(/explicit deny .*"NoDeleteWithoutMfa".* holds: this request carries no aws:MultiFactorAuthPresent \(requests signed with long-term access keys never do\), and …IfExists counts a missing key as a match\./);
  });

  it('denies it to session credentials got without an MFA code (aws:MultiFactorAuthPresent is false)', async () => {
    const session = (await asUser.sts.send(new GetSessionTokenCommand({}))).Credentials;
    const asSession = clientsAt(gate.url, { accessKeyId: session?.AccessKeyId ?? '', secretAccessKey: session?.SecretAccessKey ?? '', sessionToken: session?.SessionToken });
    expect((await failure(asSession.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a' })))).message).toMatch(/holds: this request's aws:MultiFactorAuthPresent is "false"\. An explicit deny wins over every allow\.$/);
  });

  it('allows it to session credentials got with an MFA code', async () => {
    const session = (await asUser.sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: totp.generate() }))).Credentials;
    const asSession = clientsAt(gate.url, { accessKeyId: session?.AccessKeyId ?? '', secretAccessKey: session?.SecretAccessKey ?? '', sessionToken: session?.SessionToken });
    await expect(asSession.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a' }))).resolves.toBeDefined();
  });
});
