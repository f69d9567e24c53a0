// AWS's policy evaluation for one request: explicit deny, then allow, else implicit deny, over the identity policies,
// the session policy and the resource policy, by @cloud-copilot/iam-simulate:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
import { runSimulation, type RequestAnalysis, type Simulation } from '@cloud-copilot/iam-simulate';
import { explainDenial } from './explain.js';
import type { IdentityPolicies } from './identity.js';
import type { Principal } from './keys.js';

export interface EvaluationInput {
  principal: Principal;
  action: string;
  resource: string;
  /** The account that owns the resource (S3 ARNs carry none). */
  resourceAccount: string;
  context: Record<string, string | string[]>;
  identity: IdentityPolicies;
  resourcePolicy?: unknown;
  /** What the resource policy is called in an explanation, e.g. "the bucket policy of photos". */
  resourcePolicyName?: string;
}

export interface Decision {
  allowed: boolean;
  /** AWS's sentence plus which statement decided, or which part of each allowing statement did not match. */
  message: string;
}

/** The global condition keys AWS sets from who is asking and how: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html */
export function principalContext(principal: Principal, tags: Record<string, string>, sourceIp: string, region: string): Record<string, string> {
  const now = new Date();
  const context: Record<string, string> = {
    'aws:PrincipalArn': principal.kind === 'role' ? (principal.roleArn ?? principal.arn) : principal.arn,
    'aws:PrincipalAccount': principal.account,
    'aws:PrincipalType': principal.kind === 'role' ? 'AssumedRole' : principal.kind === 'root' ? 'Account' : 'User',
    'aws:SourceIp': sourceIp.replace(/^::ffff:/, ''),
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:SecureTransport': 'false',
    'aws:RequestedRegion': region,
  };
  if (principal.kind === 'user') context['aws:username'] = principal.name;
  for (const [key, value] of Object.entries(tags)) context[`aws:PrincipalTag/${key}`] = value;
  // Present only for temporary credentials; long-term access keys carry no MFA information at all, which is why
  // "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"} is the way to deny them.
  if (principal.mfa !== undefined) context['aws:MultiFactorAuthPresent'] = String(principal.mfa);
  if (principal.mfa && principal.issuedAt) context['aws:MultiFactorAuthAge'] = String(Math.floor((now.getTime() - principal.issuedAt) / 1000));
  return context;
}

export async function evaluate(input: EvaluationInput): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal: input.principal.arn,
      action: input.action,
      resource: { resource: input.resource, accountId: input.resourceAccount },
      contextVariables: input.context,
    },
    identityPolicies: input.identity.policies.map((p) => ({ name: p.name, policy: p.policy })),
    sessionPolicy: input.principal.sessionPolicy,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: input.resourcePolicy,
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    return { allowed: false, message: `The local cloud could not evaluate the policies for ${input.action}: ${result.errors.message}` };
  }
  const analyses: RequestAnalysis[] = result.resultType === 'single' ? [result.result.analysis] : result.results.map((r) => r.analysis);
  const denied = analyses.find((a) => a.result !== 'Allowed');
  if (result.overallResult === 'Allowed' || !denied) return { allowed: true, message: '' };
  return { allowed: false, message: explained(input, denied) };
}

/** The explanation, or AWS's own sentence when explaining fails: a denial must always reach the client well formed. */
function explained(input: Parameters<typeof explainDenial>[0], denied: RequestAnalysis): string {
  try {
    return explainDenial(input, denied);
  } catch {
    return `User: ${input.principal.arn} is not authorized to perform: ${input.action} on resource: ${input.resource}`;
  }
}
