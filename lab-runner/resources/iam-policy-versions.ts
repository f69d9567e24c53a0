// A customer managed policy changes by versions: a new document becomes a new default version, and the old one stays
// for a rollback. IAM keeps at most five versions of a policy, so when there are five already the oldest version that
// is not the default goes first (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html).
import { CreatePolicyVersionCommand, DeletePolicyVersionCommand, GetPolicyVersionCommand, ListPolicyVersionsCommand, type PolicyVersion } from '@aws-sdk/client-iam';
import type { Clients } from '../clients.js';
import type { ConvergeCall } from '../converge/rule.js';
import { type PolicyDocument, parsePolicyDocument } from '../policy-document.js';

export const MAX_POLICY_VERSIONS = 5;

export async function defaultDocument(clients: Clients, policyArn: string, versionId: string | undefined): Promise<PolicyDocument> {
  const { PolicyVersion } = await clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
  return parsePolicyDocument(PolicyVersion?.Document);
}

/** Makes `document` the policy's default version, making room first; answers the new version's id. */
export async function newDefaultVersion(call: Pick<ConvergeCall, 'clients' | 'once' | 'say'>, policyArn: string, name: string, document: string): Promise<string> {
  const { Versions = [] } = await call.clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
  const previous = Versions.find((v) => v.IsDefaultVersion)?.VersionId ?? 'the old default';
  if (Versions.length >= MAX_POLICY_VERSIONS) {
    const oldest = oldestNonDefault(Versions);
    if (oldest?.VersionId) {
      await call.clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: oldest.VersionId }));
      call.say(`${name} had ${Versions.length} versions, the most IAM keeps: deleted the oldest one that is not the default, ${oldest.VersionId}, to make room`);
    }
  }
  // Sent once: a lost answer is not sent again blindly (a second version would be made); a rerun finds it matches.
  const { PolicyVersion } = await call.once.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: document, SetAsDefault: true }));
  const made = PolicyVersion?.VersionId ?? '(new)';
  call.say(`${name}: version ${made} is the default now; ${previous} is kept, so the change can be rolled back (aws iam set-default-policy-version)`);
  return made;
}

export function oldestNonDefault(versions: PolicyVersion[]): PolicyVersion | undefined {
  const number = (v: PolicyVersion) => Number((v.VersionId ?? '').replace(/^v/, '')) || 0;
  return versions
    .filter((v) => !v.IsDefaultVersion)
    .sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0) || number(a) - number(b))[0];
}
