// SSM PutParameter as a bare HTTP request, for the proof the lab leaves: AWS's JSON protocol is a POST to / with the
// action in the X-Amz-Target header and the parameters as a JSON body
// (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html). The request is signed by the
// student's signer and sent with fetch, so the runner's converge rules never see it: what they would do for an SDK
// call (create with tags, overwrite what the lab made, refuse what it did not) is done here.
import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm';
import { type LabContext, LabProblem } from '../../lab-runner/lab.js';
import { headersToSend } from './sts.js';
import type { SignableRequest } from './types.js';

/** SSM has an endpoint in every region (China's under amazonaws.com.cn); LocalStack answers every service at one address. */
export function ssmUrl(ctx: Pick<LabContext, 'isLocal' | 'target' | 'region'>): URL {
  if (ctx.isLocal && ctx.target.endpoint) return new URL('/', ctx.target.endpoint);
  return new URL(`https://ssm.${ctx.region}.amazonaws.com${ctx.region.startsWith('cn-') ? '.cn' : ''}/`);
}

export function putParameterRequest(url: URL, input: object): SignableRequest {
  return {
    method: 'POST',
    host: url.host,
    path: url.pathname,
    query: {},
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.PutParameter' },
    body: JSON.stringify(input),
  };
}

/**
 * The PutParameter input that writes `value` under `name`: with the lab's tags when the parameter is new, with
 * Overwrite when the lab made it (AWS refuses the two together), and a refusal when the lab did not make it.
 */
export async function putParameterInput(ctx: LabContext, name: string, value: string, description: string): Promise<{ input: object; overwrites: boolean }> {
  const base = { Name: name, Value: value, Type: 'String', Description: description };
  const lab = await parameterLab(ctx, name);
  if (lab === undefined) return { input: { ...base, Tags: ctx.tags() }, overwrites: false };
  if (lab === ctx.labId) return { input: { ...base, Overwrite: true }, overwrites: true };
  throw new LabProblem(
    'NotMadeByThisLab',
    `SSM parameter ${name} exists but is not tagged workbook:lab=${ctx.labId}, so the lab will not overwrite it.`,
    `Let the lab adopt it (aws ssm add-tags-to-resource --resource-type Parameter --resource-id ${name} --tags Key=workbook:lab,Value=${ctx.labId} --region ${ctx.region}) ` +
      `or delete it (aws ssm delete-parameter --name ${name} --region ${ctx.region}), then run the lab again.`,
  );
}

/** The lab tag of the parameter: undefined when there is no such parameter, `''` when it has no lab tag. */
async function parameterLab(ctx: LabContext, name: string): Promise<string | undefined> {
  try {
    await ctx.clients.ssm.send(new GetParameterCommand({ Name: name }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
    throw error;
  }
  const { TagList = [] } = await ctx.clients.ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }));
  return TagList.find((t) => t.Key === 'workbook:lab')?.Value ?? '';
}

export type SsmAnswer = { ok: true; version: number } | { ok: false; status: number; code: string; message: string };

/** A JSON-protocol answer: `{"Version":1}`, or `{"__type":"…#ParameterAlreadyExists","message":"…"}`. */
export function readSsmAnswer(status: number, text: string): SsmAnswer {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // An answer that is not JSON (a proxy's error page) is shown as it is.
  }
  if (status === 200 && typeof body.Version === 'number') return { ok: true, version: body.Version };
  const code = String(body.__type ?? `HTTP ${status}`).split('#').pop() ?? `HTTP ${status}`;
  return { ok: false, status, code, message: String(body.message ?? body.Message ?? text.slice(0, 200)) };
}

export async function sendToSsm(url: URL, request: SignableRequest, signedHeaders: Record<string, string>): Promise<SsmAnswer> {
  const response = await fetch(url, { method: request.method, headers: headersToSend(signedHeaders), body: request.body, signal: AbortSignal.timeout(15_000) });
  return readSsmAnswer(response.status, await response.text());
}
