// Checks for `ec2-role`: they read the role, its policies and its profile from IAM, and ask STS for credentials.
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describeError } from '../../lab-runner/aws-errors.js';
import { type CheckOutcome, defineChecks, expect, fail, type LabContext } from '../../lab-runner/lab.js';
import { findInstanceProfile, findRole } from '../../lab-runner/lookup.js';
import {
  listOf,
  type PolicyDocument,
  type PolicyStatement,
  parsePolicyDocument,
  principalsOf,
  statementsOf,
} from '../../lab-runner/policy-document.js';

const ROLE = 'EmployeeDirectoryAppRole';
const PROFILE = 'EmployeeDirectoryAppRole';
const MIN_SESSION_S = 15 * 60;
const MAX_SESSION_S = 12 * 60 * 60;
/** Clock skew and the time the call takes. */
const SLACK_S = 60;
/** The app's S3 needs: listing on the bucket, the object actions on its objects. */
const NEEDED: { action: string; on: 'bucket' | 'objects' }[] = [
  { action: 's3:ListBucket', on: 'bucket' },
  { action: 's3:GetObject', on: 'objects' },
  { action: 's3:PutObject', on: 'objects' },
  { action: 's3:DeleteObject', on: 'objects' },
];

interface NamedPolicy {
  /** e.g. `EmployeeDirectoryPhotosAccess (managed)` or `Photos (inline)`. */
  label: string;
  /** Managed policies only. */
  arn?: string;
  document: PolicyDocument;
}

export default defineChecks([
  {
    id: 'trust-ec2-only',
    title: 'Only the EC2 service (ec2.amazonaws.com) may assume EmployeeDirectoryAppRole, and only with sts:AssumeRole',
    run: (ctx) =>
      withRole(ctx, async (role) => {
        const statements = statementsOf(parsePolicyDocument(role.AssumeRolePolicyDocument));
        const problems = statements.flatMap(trustProblems);
        if (statements.length === 0) problems.push('the trust policy has no statement');
        return expect(problems.length === 0, problems.length ? problems.join('; ') : 'Allow ec2.amazonaws.com sts:AssumeRole, nothing else');
      }),
  },
  {
    id: 'no-admin',
    title: 'No policy of the role grants every action, administrator access, or a whole service on every resource',
    run: (ctx) =>
      withRole(ctx, async (role) => {
        const policies = await policiesOf(ctx, role);
        const problems = policies.flatMap((p) => adminProblems(p).map((problem) => `${p.label}: ${problem}`));
        const names = policies.map((p) => p.label).join(', ') || 'no policies';
        return expect(problems.length === 0, problems.length ? problems.join('; ') : `${names}: nothing broader than named actions`);
      }),
  },
  {
    id: 's3-scoped',
    title: 'The role reaches S3 only in the photos bucket: list it, and get, put and delete its objects',
    run: (ctx) =>
      withRole(ctx, async (role) => {
        const bucketArn = `arn:aws:s3:::employee-photos-${ctx.account}-${ctx.region}`;
        const s3Statements = (await policiesOf(ctx, role)).flatMap((p) =>
          statementsOf(p.document)
            .filter((s) => s.Effect === 'Allow' && listOf(s.Action).some(isS3Action))
            .map((s) => ({ label: p.label, statement: s })),
        );
        const beyond = s3Statements.flatMap(({ label, statement }) => resourcesBeyond(statement, bucketArn).map((r) => `${label} allows S3 on ${r}`));
        const missing = NEEDED.filter((n) => !s3Statements.some(({ statement }) => grants(statement, n.action, n.on === 'bucket' ? bucketArn : `${bucketArn}/*`)));
        const problems = [...beyond, ...missing.map((n) => `${n.action} is not allowed on ${n.on === 'bucket' ? bucketArn : `${bucketArn}/*`}`)];
        return expect(problems.length === 0, problems.length ? problems.join('; ') : `s3:ListBucket on ${bucketArn}; s3:GetObject, s3:PutObject, s3:DeleteObject on ${bucketArn}/*; nothing beyond`);
      }),
  },
  {
    id: 'instance-profile',
    title: 'The instance profile EmployeeDirectoryAppRole holds the role EmployeeDirectoryAppRole',
    async run(ctx) {
      const profile = await findInstanceProfile(ctx, PROFILE);
      if (!profile) return fail(`no instance profile named ${PROFILE}: run the lab first`);
      const roles = (profile.Roles ?? []).map((r) => r.RoleName);
      return expect(roles.includes(ROLE), `${PROFILE} holds ${roles.join(', ') || 'no role'}`);
    },
  },
  {
    id: 'temporary-credentials',
    title: 'Credentials for the role are temporary: they expire between 15 minutes and 12 hours after they are issued',
    run: (ctx) =>
      withRole(ctx, async (role) => {
        const seconds = role.MaxSessionDuration ?? 3600;
        try {
          // As long a session as the role's settings allow: the longest credentials anyone can get for it.
          const { Credentials, AssumedRoleUser } = await ctx.clients.sts.send(
            new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'workbook-check', DurationSeconds: seconds }),
          );
          const left = Math.round(((Credentials?.Expiration?.getTime() ?? 0) - Date.now()) / 1000);
          const forRole = (AssumedRoleUser?.Arn ?? '').includes(`:assumed-role/${ROLE}/`);
          const ok = forRole && left >= MIN_SESSION_S - SLACK_S && left <= MAX_SESSION_S + SLACK_S;
          const detail = `assumed ${ROLE} for its MaxSessionDuration (${seconds} s): key ${(Credentials?.AccessKeyId ?? '').slice(0, 4)}… expires in ${duration(left)}`;
          return expect(ok, ok ? detail : `${detail}${forRole ? '' : `, as ${AssumedRoleUser?.Arn}`}; expected 15 minutes to 12 hours`);
        } catch (error) {
          const { code, message } = describeError(error);
          if (ctx.isLocal || !/^AccessDenied/.test(code)) return fail(`AssumeRole ${ROLE} failed: ${code}: ${message}`);
          return maxSessionOnly(seconds);
        }
      }),
  },
]);

async function withRole(ctx: LabContext, check: (role: Role) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const role = await findRole(ctx, ROLE);
  if (!role) return fail(`no role named ${ROLE}: run the lab first`);
  return check(role);
}

/** On AWS the grader is not EC2, so the trust policy (rightly) refuses it; the role's setting is what remains to read. */
function maxSessionOnly(seconds: number): CheckOutcome {
  const ok = seconds >= MIN_SESSION_S && seconds <= MAX_SESSION_S;
  return expect(
    ok,
    `the grader may not assume ${ROLE} (AccessDenied: only EC2 may), so its setting is checked instead: ` +
      `MaxSessionDuration ${seconds} s, an AssumeRole session lasts 15 minutes to ${duration(seconds)} (EC2 renews its own credentials for the role)`,
  );
}

function trustProblems(statement: PolicyStatement): string[] {
  const problems: string[] = [];
  if (statement.Effect !== 'Allow') problems.push(`a statement with Effect ${statement.Effect ?? '(none)'}`);
  if (statement.NotPrincipal !== undefined) problems.push('a NotPrincipal (everyone but…)');
  if (statement.NotAction !== undefined) problems.push('a NotAction (every action but…)');
  const actions = listOf(statement.Action);
  const otherActions = actions.filter((a) => a !== 'sts:AssumeRole');
  if (actions.length === 0 || otherActions.length > 0) problems.push(`actions ${actions.join(', ') || '(none)'}, expected sts:AssumeRole only`);
  const principals = Object.entries(principalsOf(statement.Principal)).flatMap(([kind, values]) => values.map((v) => `${kind} ${v}`));
  const others = principals.filter((p) => p !== 'Service ec2.amazonaws.com');
  if (principals.length === 0 || others.length > 0) problems.push(`principals ${principals.join(', ') || '(none)'}, expected Service ec2.amazonaws.com only`);
  return problems;
}

/** The role's inline policies and the default versions of its attached managed policies. */
async function policiesOf(ctx: LabContext, role: Role): Promise<NamedPolicy[]> {
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

function adminProblems(policy: NamedPolicy): string[] {
  const problems = policy.arn?.endsWith(':iam::aws:policy/AdministratorAccess') ? ['is AdministratorAccess'] : [];
  for (const s of statementsOf(policy.document).filter((st) => st.Effect === 'Allow')) {
    const actions = listOf(s.Action);
    const everywhere = listOf(s.Resource).includes('*');
    if (s.NotAction !== undefined) problems.push(`allows every action except ${listOf(s.NotAction).join(', ')}`);
    for (const action of actions) {
      if (action === '*' || action === '*:*') problems.push(`allows ${action}`);
      else if (/^[\w-]+:\*$/.test(action) && everywhere) problems.push(`allows ${action} on *`);
    }
  }
  return problems;
}

// A statement allowing "*" matches S3 too, but that is no-admin's to report: each mistake fails one check.
function isS3Action(action: string): boolean {
  return action.toLowerCase().startsWith('s3:');
}

function resourcesBeyond(statement: PolicyStatement, bucketArn: string): string[] {
  if (statement.NotResource !== undefined) return [`everything but ${listOf(statement.NotResource).join(', ')}`];
  return listOf(statement.Resource).filter((r) => r !== bucketArn && !r.startsWith(`${bucketArn}/`));
}

function grants(statement: PolicyStatement, action: string, resource: string): boolean {
  return listOf(statement.Action).some((a) => wildcard(a, action, 'i')) && listOf(statement.Resource).some((r) => wildcard(r, resource, ''));
}

/** IAM's matching: `*` any run of characters, `?` one; actions compare without case, resources with. */
function wildcard(pattern: string, value: string, flags: 'i' | ''): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, flags).test(value);
}

function duration(seconds: number): string {
  if (seconds >= 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round(seconds / 60)} min`;
}
