// Keys made on the local cloud pass through the gate on their way to whoever asked for them: the gate notes each one
// with the identity it belongs to, and forgets it when it is deleted.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
import type { KeyRegistry, Principal } from './keys.js';
import type { GateRequest } from './request.js';

/** The operations whose answer carries a key to learn. */
export const LEARNS_FROM = new Set(['iam:CreateAccessKey', 'sts:AssumeRole', 'sts:GetSessionToken']);

function xmlValue(xml: string, tag: string): string | undefined {
  const [, value] = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml) ?? [];
  return value?.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
}

function sessionTags(params: Record<string, string>): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const m = /^Tags\.member\.(\d+)\.Key$/.exec(k);
    if (m) tags[v] = params[`Tags.member.${m[1]}.Value`] ?? '';
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}

function parsePolicy(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Notes the key in a successful answer to `request`, made by `caller`. */
export function learnFromAnswer(keys: KeyRegistry, request: GateRequest, caller: Principal, answer: string): void {
  const op = `${request.service}:${request.operation}`;
  const accessKeyId = xmlValue(answer, 'AccessKeyId');
  const secretAccessKey = xmlValue(answer, 'SecretAccessKey');
  if (!accessKeyId || !secretAccessKey) return;
  if (op === 'iam:CreateAccessKey') {
    const user = xmlValue(answer, 'UserName') ?? caller.name;
    keys.learn({
      secret: { accessKeyId, secretAccessKey },
      principal: { kind: 'user', account: caller.account, name: user, arn: `arn:aws:iam::${caller.account}:user/${user}` },
      active: true,
    });
    return;
  }
  const sessionToken = xmlValue(answer, 'SessionToken');
  const expiration = xmlValue(answer, 'Expiration');
  const mfa = Boolean(request.params.SerialNumber && request.params.TokenCode);
  const common = { secret: { accessKeyId, secretAccessKey, sessionToken }, expiresAt: expiration ? Date.parse(expiration) : undefined, active: true };
  if (op === 'sts:AssumeRole') {
    const roleArn = request.params.RoleArn ?? '';
    const sessionArn = xmlValue(answer, 'Arn') ?? '';
    keys.learn({
      ...common,
      principal: {
        kind: 'role',
        account: roleArn.split(':')[4] ?? caller.account,
        arn: sessionArn,
        name: roleArn.split('/').pop() ?? '',
        roleArn,
        sessionName: request.params.RoleSessionName,
        sessionTags: sessionTags(request.params),
        sessionPolicy: parsePolicy(request.params.Policy),
        mfa,
        issuedAt: Date.now(),
      },
    });
    return;
  }
  if (op === 'sts:GetSessionToken') keys.learn({ ...common, principal: { ...caller, mfa, issuedAt: Date.now() } });
}

/** Deleted, deactivated or reactivated keys, and the keys of a deleted user, once the cloud said yes. */
export function forgetFromRequest(keys: KeyRegistry, request: GateRequest, caller: Principal): void {
  if (request.service !== 'iam') return;
  const p = request.params;
  if (request.operation === 'DeleteAccessKey' && p.AccessKeyId) keys.forget(p.AccessKeyId);
  if (request.operation === 'UpdateAccessKey' && p.AccessKeyId) keys.setActive(p.AccessKeyId, p.Status === 'Active');
  if (request.operation === 'DeleteUser' && p.UserName) keys.forgetUser(caller.account, p.UserName);
}
