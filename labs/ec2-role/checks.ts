// Checks for `ec2-role`: they read the role, its policies and its profile from IAM, ask STS for credentials, and act as
// the role in S3; they never read the lab's outputs. Each mistake fails one check: an administrator-like statement is
// no-admin's to report, so s3-scoped judges the rest.
import type { Role } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describeError } from '../../lab-runner/aws-errors.js';
import { type CheckOutcome, defineChecks, expect, fail, type LabContext } from '../../lab-runner/lab.js';
import { findInstanceProfile, findRole } from '../../lab-runner/lookup.js';
import { listOf, type PolicyStatement, parsePolicyDocument, principalsOf, statementsOf } from '../../lab-runner/policy-document.js';
import { actsAsRoleCheck } from './act-as-role.js';
import { isAccessDenied, keyIdStart } from './credentials.js';
import { adminProblems, policiesOf, withoutAdminStatements } from './role-policies.js';
import { s3Scope } from './s3-scope.js';
import { APP_PREFIX, PHOTO_PREFIX, photosBucketName, PROFILE_NAME, ROLE_NAME } from './spec.js';

const MIN_SESSION_S = 15 * 60;
const MAX_SESSION_S = 12 * 60 * 60;
/** Clock skew and the time the call takes. */
const SLACK_S = 60;

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
    title: `In S3 the role may write, read and delete the photos (${PHOTO_PREFIX}), read the app's code (${APP_PREFIX}) and list the photos of the photos bucket, and nothing else`,
    run: (ctx) =>
      withRole(ctx, async (role) => {
        const policies = await policiesOf(ctx, role);
        const bucket = photosBucketName(ctx.account, ctx.region);
        const documents = policies.map((p) => withoutAdminStatements(p.document));
        const { missing, beyond } = await s3Scope(documents, bucket, role.Arn ?? '', ctx.account, ctx.partition);
        const problems = [...beyond.map((r) => `allows it to ${r.what}`), ...missing.map((r) => `does not allow it to ${r.what}`)];
        const names = policies.map((p) => p.label).join(', ') || 'no policies';
        return expect(
          problems.length === 0,
          problems.length
            ? `${names}: ${problems.join('; ')}`
            : `${names}: photos under ${PHOTO_PREFIX} written, read, deleted and listed; the app's code under ${APP_PREFIX} read, never written; nothing else in ${bucket} or any other bucket`,
        );
      }),
  },
  {
    id: 'instance-profile',
    title: 'The instance profile EmployeeDirectoryAppRole holds the role EmployeeDirectoryAppRole',
    async run(ctx) {
      const profile = await findInstanceProfile(ctx, PROFILE_NAME);
      if (!profile) return fail(`no instance profile named ${PROFILE_NAME}: run the lab first`);
      const roles = (profile.Roles ?? []).map((r) => r.RoleName);
      return expect(roles.includes(ROLE_NAME), `${PROFILE_NAME} holds ${roles.join(', ') || 'no role'}`);
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
          const forRole = (AssumedRoleUser?.Arn ?? '').includes(`:assumed-role/${ROLE_NAME}/`);
          const ok = forRole && left >= MIN_SESSION_S - SLACK_S && left <= MAX_SESSION_S + SLACK_S;
          const detail = `assumed ${ROLE_NAME} for its MaxSessionDuration (${seconds} s): key ${keyIdStart(Credentials?.AccessKeyId)} expires in ${duration(left)}`;
          return expect(ok, ok ? detail : `${detail}${forRole ? '' : `, as ${AssumedRoleUser?.Arn}`}; expected 15 minutes to 12 hours`);
        } catch (error) {
          if (ctx.isLocal || !isAccessDenied(error)) {
            const { code, message } = describeError(error);
            return fail(`AssumeRole ${ROLE_NAME} failed: ${code}: ${message}`);
          }
          return maxSessionOnly(seconds);
        }
      }),
  },
  actsAsRoleCheck,
]);

async function withRole(ctx: LabContext, check: (role: Role) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const role = await findRole(ctx, ROLE_NAME);
  if (!role) return fail(`no role named ${ROLE_NAME}: run the lab first`);
  return check(role);
}

/** On AWS the grader is not EC2, so the trust policy (rightly) refuses it; the role's setting is what remains to read. */
function maxSessionOnly(seconds: number): CheckOutcome {
  const ok = seconds >= MIN_SESSION_S && seconds <= MAX_SESSION_S;
  return expect(
    ok,
    `the grader may not assume ${ROLE_NAME} (AccessDenied: only EC2 may), so its setting is checked instead: ` +
      `MaxSessionDuration ${seconds} s, an AssumeRole session lasts 15 minutes to ${duration(seconds)} (on an instance, EC2 replaces the credentials before they expire)`,
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

function duration(seconds: number): string {
  if (seconds >= 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round(seconds / 60)} min`;
}
