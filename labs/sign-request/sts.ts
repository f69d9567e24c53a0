// STS GetCallerIdentity as a bare HTTP request: built, sent with fetch, answered in XML. And, for a target that does
// not check signatures (LocalStack answers even an unsigned request), the check AWS would make, done here with the
// SDK's signer: recompute the signature from the headers the request says it signed, and compare.
import type { LabContext } from '../../lab-runner/lab.js';
import { referenceSign } from './reference.js';
import { headerValue, type SignableRequest, type SigningCredentials } from './types.js';

export const CALLER_IDENTITY_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

/** STS has an endpoint in every region (China's regions under amazonaws.com.cn); LocalStack answers every service at one address. */
export function stsUrl(ctx: Pick<LabContext, 'isLocal' | 'target' | 'region'>): URL {
  if (ctx.isLocal && ctx.target.endpoint) return new URL('/', ctx.target.endpoint);
  return new URL(`https://sts.${ctx.region}.amazonaws.com${ctx.region.startsWith('cn-') ? '.cn' : ''}/`);
}

export function callerIdentityRequest(url: URL): SignableRequest {
  return { method: 'POST', host: url.host, path: url.pathname, query: {}, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: CALLER_IDENTITY_BODY };
}

/** fetch sets Host from the URL itself (the value that was signed) and refuses to be given one. */
export function headersToSend(signedHeaders: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(signedHeaders).filter(([name]) => name.toLowerCase() !== 'host'));
}

export interface CallerIdentity {
  account: string;
  arn: string;
}

export type StsAnswer = { ok: true; identity: CallerIdentity } | { ok: false; status: number; code: string; message: string };

export function readStsAnswer(status: number, xml: string): StsAnswer {
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  const account = tag('Account');
  if (status === 200 && account) return { ok: true, identity: { account, arn: tag('Arn') ?? '' } };
  return { ok: false, status, code: tag('Code') ?? `HTTP ${status}`, message: tag('Message') ?? xml.slice(0, 200) };
}

export async function sendToSts(url: URL, request: SignableRequest, signedHeaders: Record<string, string>): Promise<StsAnswer> {
  const response = await fetch(url, { method: request.method, headers: headersToSend(signedHeaders), body: request.body, signal: AbortSignal.timeout(15_000) });
  return readStsAnswer(response.status, await response.text());
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/**
 * Verifies `sent` (the headers of a request made from `request`) the way AWS does: the credential scope must be this
 * key, day, region and service; host and the time must be signed; the signature recomputed over the signed headers
 * must be the same. Answers what is wrong, or undefined when it would pass.
 */
export async function verifyLikeAws(request: SignableRequest, sent: Record<string, string>, credentials: SigningCredentials, region: string, service: string): Promise<string | undefined> {
  const authorization = headerValue(sent, 'authorization');
  if (!authorization) return 'the request carries no Authorization header';
  const parts = AUTHORIZATION.exec(authorization);
  if (!parts) return `the Authorization header is not in the SigV4 form: ${JSON.stringify(authorization)}`;
  const [, keyId, day, scopeRegion, scopeService, signedList = ''] = parts;
  const date = headerValue(sent, 'x-amz-date');
  if (!date || !/^\d{8}T\d{6}Z$/.test(date)) return `the request carries no valid X-Amz-Date header (${JSON.stringify(date ?? null)}), so the signature cannot be recomputed`;
  const scopeProblem = [
    keyId !== credentials.accessKeyId && `the credential names key ${keyId}, not ${credentials.accessKeyId}`,
    day !== date.slice(0, 8) && `the credential scope's day ${day} is not the X-Amz-Date day ${date.slice(0, 8)}`,
    scopeRegion !== region && `the credential scope's region is ${scopeRegion}, not ${region}`,
    scopeService !== service && `the credential scope's service is ${scopeService}, not ${service}`,
  ].find((p): p is string => typeof p === 'string');
  if (scopeProblem) return scopeProblem;
  const signed = signedList.split(';');
  const unsigned = ['host', 'x-amz-date', ...(credentials.sessionToken ? ['x-amz-security-token'] : [])].filter((h) => !signed.includes(h));
  if (unsigned.length > 0) return `${unsigned.join(' and ')} must be signed, but SignedHeaders is ${signedList}`;
  const generated = ['host', 'x-amz-date', 'x-amz-security-token', 'authorization'];
  const headers = Object.fromEntries(Object.entries(sent).filter(([name]) => signed.includes(name.toLowerCase()) && !generated.includes(name.toLowerCase())));
  const expected = await referenceSign({ ...request, headers }, credentials, { date: fromAmzDate(date), region, service });
  if (expected.authorization !== authorization) return 'the signature is not the one AWS computes for this request (the SDK signer computes a different one from the same signed headers)';
  return undefined;
}

/** When an X-Amz-Date (`20150830T123600Z`) says a request was signed. */
export function fromAmzDate(text: string): Date {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text) ?? [];
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}
