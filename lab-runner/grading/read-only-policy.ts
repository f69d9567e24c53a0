// What "only reads" means for grading, once: an action named Get…, List… or Describe… (an S3 GET or HEAD). The local
// guard passes exactly these; a role assumed for grading gets them as its session policy, so on AWS too the role's
// own permissions are narrowed to reading (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session).
import { SERVICE_NAMES } from '../clients.js';

const READ_VERBS = ['Get', 'List', 'Describe'] as const;
/** Named Get… but they hand out credentials: never needed to grade. */
const NOT_READS = new Set(['GetSessionToken', 'GetFederationToken']);

export function isReadAction(action: string): boolean {
  return READ_VERBS.some((verb) => new RegExp(`^${verb}[A-Z]`).test(action)) && !NOT_READS.has(action);
}

export function readOnlySessionPolicy(): string {
  const actions = SERVICE_NAMES.flatMap((service) => READ_VERBS.map((verb) => `${service}:${verb}*`));
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
}
