// The role credentials a local instance's metadata service hands out, obtained the way EC2 obtains them: read the
// instance's current profile association, the role in that profile, check that the role trusts ec2.amazonaws.com,
// and assume it (session name: the instance id). Credentials are kept until 15 minutes before they expire.
import { DescribeIamInstanceProfileAssociationsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, type IAMClient, type InstanceProfile, type Role } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CredentialDocument, InstanceRole } from './imds.js';
import { unlessMissing } from '../missing.js';

const SESSION_SECONDS = 3600;
const REFRESH_BEFORE_MS = 15 * 60_000;
const EC2_SERVICE = 'ec2.amazonaws.com';

export interface RoleSources {
  ec2: EC2Client;
  iam: IAMClient;
  sts: STSClient;
  instanceId: string;
  log: (line: string) => void;
}

type Session = Extract<CredentialDocument, { Code: 'Success' }>;

/** Reads the instance's role afresh on each call: replacing or emptying its profile takes effect like on EC2. */
export function instanceRoleReader(sources: RoleSources): () => Promise<InstanceRole | undefined> {
  const sessions = new Map<string, Promise<Session>>();
  return async () => {
    const profileArn = await associatedProfileArn(sources);
    if (!profileArn) return undefined;
    const profile = await instanceProfile(sources.iam, profileArn.split('/').pop() ?? '');
    const role = profile?.Roles?.[0];
    return {
      profileArn,
      profileId: profile?.InstanceProfileId ?? '',
      roleName: role?.RoleName,
      credentials: () => (role ? credentialsFor(role, sources, sessions) : Promise.resolve(failure('NoRole', 'the instance profile holds no role'))),
    };
  };
}

async function associatedProfileArn({ ec2, instanceId }: RoleSources): Promise<string | undefined> {
  const { IamInstanceProfileAssociations = [] } = await ec2.send(
    new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] }),
  );
  return IamInstanceProfileAssociations.find((a) => a.State === 'associated')?.IamInstanceProfile?.Arn;
}

async function instanceProfile(iam: IAMClient, name: string): Promise<InstanceProfile | undefined> {
  // A profile deleted while still associated: EC2 then has no role to give either.
  return (await unlessMissing(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }))))?.InstanceProfile;
}

async function credentialsFor(role: Role, sources: RoleSources, sessions: Map<string, Promise<Session>>): Promise<CredentialDocument> {
  const arn = role.Arn ?? '';
  if (!trustsEc2(role.AssumeRolePolicyDocument)) {
    return failure('AssumeRoleUnauthorizedAccess', `EC2 cannot assume ${role.RoleName}: its trust policy does not let ${EC2_SERVICE} call sts:AssumeRole`);
  }
  const known = sessions.get(arn);
  if (known) {
    const session = await known.catch(() => undefined);
    if (session && Date.parse(session.Expiration) - Date.now() > REFRESH_BEFORE_MS) return session;
  }
  const next = assume(arn, sources);
  sessions.set(arn, next);
  try {
    return await next;
  } catch (error) {
    sessions.delete(arn);
    return failure('AssumeRoleUnauthorizedAccess', `assuming ${role.RoleName} failed: ${error instanceof Error ? error.name : 'error'}`);
  }
}

async function assume(roleArn: string, { sts, instanceId, log }: RoleSources): Promise<Session> {
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: instanceId, DurationSeconds: SESSION_SECONDS }));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken || !Credentials.Expiration) {
    throw new Error('AssumeRole answered without credentials');
  }
  const expiration = new Date(Credentials.Expiration).toISOString();
  log(`new session for ${roleArn}, valid until ${expiration}`);
  return {
    Code: 'Success',
    LastUpdated: new Date().toISOString(),
    Type: 'AWS-HMAC',
    AccessKeyId: Credentials.AccessKeyId,
    SecretAccessKey: Credentials.SecretAccessKey,
    Token: Credentials.SessionToken,
    Expiration: expiration,
  };
}

function failure(Code: string, Message: string): CredentialDocument {
  return { Code, LastUpdated: new Date().toISOString(), Message };
}

interface TrustStatement {
  Effect?: string;
  Action?: string | string[];
  Principal?: string | { Service?: string | string[] };
}

/** Whether an Allow statement of the trust policy lets the EC2 service assume the role (conditions aside). */
export function trustsEc2(document: string | undefined): boolean {
  if (!document) return false;
  let policy: { Statement?: TrustStatement | TrustStatement[] };
  try {
    // IAM returns policy documents URL-encoded.
    policy = JSON.parse(document.trimStart().startsWith('{') ? document : decodeURIComponent(document));
  } catch {
    return false;
  }
  const statements = [policy.Statement ?? []].flat();
  return statements.some((s) => s.Effect === 'Allow' && allowsAssumeRole(s.Action) && namesEc2(s.Principal));
}

function allowsAssumeRole(action: string | string[] | undefined): boolean {
  return [action ?? []].flat().some((a) => ['sts:AssumeRole', 'sts:*', '*'].includes(a));
}

function namesEc2(principal: TrustStatement['Principal']): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object') return false;
  return [principal.Service ?? []].flat().includes(EC2_SERVICE);
}
