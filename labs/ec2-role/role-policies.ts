// The permissions of the role as the checks judge them: its inline policies and the default versions of its attached
// managed policies, each with a label the student recognises; and what counts as administrator access.
import { GetPolicyCommand, GetPolicyVersionCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, type Role } from '@aws-sdk/client-iam';
import type { LabContext } from '../../lab-runner/lab.js';
import { listOf, type PolicyDocument, type PolicyStatement, parsePolicyDocument, statementsOf } from '../../lab-runner/policy-document.js';

export interface NamedPolicy {
  /** e.g. `EmployeeDirectoryPhotosAccess (managed)` or `Photos (inline)`. */
  label: string;
  /** Managed policies only. */
  arn?: string;
  document: PolicyDocument;
}

export async function policiesOf(ctx: LabContext, role: Role): Promise<NamedPolicy[]> {
  const iam = ctx.clients.iam;
  const RoleName = role.RoleName;
  const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName }));
  const inline = await Promise.all(
    PolicyNames.map(async (PolicyName) => {
      const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
      return { label: `${PolicyName} (inline)`, document: parsePolicyDocument(PolicyDocument) };
    }),
  );
  const { AttachedPolicies = [] } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
  const managed = await Promise.all(
    AttachedPolicies.map(async ({ PolicyArn, PolicyName }) => {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
      const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy?.DefaultVersionId }));
      return { label: `${PolicyName} (managed)`, arn: PolicyArn, document: parsePolicyDocument(PolicyVersion?.Document) };
    }),
  );
  return [...inline, ...managed];
}

/** What is administrator-like in one statement: every action, every action but some, or a whole service on everything. */
export function adminReasons(statement: PolicyStatement): string[] {
  if (statement.Effect !== 'Allow') return [];
  const reasons: string[] = [];
  if (statement.NotAction !== undefined) reasons.push(`allows every action except ${listOf(statement.NotAction).join(', ')}`);
  const everywhere = listOf(statement.Resource).includes('*');
  for (const action of listOf(statement.Action)) {
    if (action === '*' || action === '*:*') reasons.push(`allows ${action}`);
    else if (/^[\w-]+:\*$/.test(action) && everywhere) reasons.push(`allows ${action} on *`);
  }
  return reasons;
}

export function adminProblems(policy: NamedPolicy): string[] {
  const named = policy.arn?.endsWith(':iam::aws:policy/AdministratorAccess') ? ['is AdministratorAccess'] : [];
  return [...named, ...statementsOf(policy.document).flatMap(adminReasons)];
}

/** The policy without its administrator-like statements: those are the no-admin check's to report, not another's. */
export function withoutAdminStatements(document: PolicyDocument): PolicyDocument {
  return { ...document, Statement: statementsOf(document).filter((s) => adminReasons(s).length === 0) };
}
