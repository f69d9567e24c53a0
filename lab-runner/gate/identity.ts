// The policies that apply to a principal, and the resource policies the week uses, read from the LocalStack behind the
// gate as the account's root. Cached per account until a write that could change them passes through the gate.
import { GetGroupCommand, GetPolicyCommand, GetPolicyVersionCommand, GetGroupPolicyCommand, GetRoleCommand, GetRolePolicyCommand, GetUserCommand, GetUserPolicyCommand, ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand, ListGroupPoliciesCommand, ListGroupsForUserCommand, ListRolePoliciesCommand, ListRoleTagsCommand, ListUserPoliciesCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createClients, type Clients } from '../clients.js';
import { isMissing, unlessMissing } from '../missing.js';
import type { Principal } from './keys.js';

export interface NamedPolicy {
  /** How the explanation names it: a managed policy's ARN, or `inline policy X of user Y`. */
  name: string;
  policy: unknown;
}

export interface IdentityPolicies {
  policies: NamedPolicy[];
  /** The principal's tags (the user's, or the role's overridden by session tags), for aws:PrincipalTag. */
  tags: Record<string, string>;
}

/** IAM returns policy documents URL-encoded; a document that does not parse is left out, as it could not be evaluated. */
export function parsePolicyDocument(document: string | undefined): unknown {
  if (!document) return undefined;
  try {
    return JSON.parse(decodeURIComponent(document));
  } catch {
    try {
      return JSON.parse(document);
    } catch {
      return undefined;
    }
  }
}

export class IdentityStore {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly clients = new Map<string, Clients>();

  constructor(private readonly upstream: string) {}

  /** Clients acting as the account's root on the LocalStack behind the gate (a 12-digit key id selects the account). */
  rootClients(account: string, region = 'us-east-1'): Clients {
    const id = `${account}|${region}`;
    let made = this.clients.get(id);
    if (!made) {
      made = createClients({ region, endpoint: this.upstream, credentials: { accessKeyId: account, secretAccessKey: 'test' }, maxAttempts: 2 });
      this.clients.set(id, made);
    }
    return made;
  }

  /** Drops what is cached for an account: called for every write that could change a policy or an identity. */
  invalidate(account: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${account}|`)) this.cache.delete(key);
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      this.cache.set(key, hit);
      hit.catch(() => this.cache.delete(key));
    }
    return hit;
  }

  identityPolicies(principal: Principal): Promise<IdentityPolicies> {
    return this.cached(`${principal.account}|identity|${principal.kind}|${principal.name}`, () =>
      // A user or role deleted behind the gate's back has no policies left: everything it asks is implicitly denied.
      (principal.kind === 'role' ? this.rolePolicies(principal.account, principal.name) : this.userPolicies(principal.account, principal.name)).catch((error: unknown) => {
        if (isMissing(error)) return { policies: [], tags: {} };
        throw error;
      }),
    ).then((found) => (principal.sessionTags ? { ...found, tags: { ...found.tags, ...principal.sessionTags } } : found));
  }

  private async userPolicies(account: string, user: string): Promise<IdentityPolicies> {
    const iam = this.rootClients(account).iam;
    const [inline, attached, groups, tags] = await Promise.all([
      iam.send(new ListUserPoliciesCommand({ UserName: user })),
      iam.send(new ListAttachedUserPoliciesCommand({ UserName: user })),
      iam.send(new ListGroupsForUserCommand({ UserName: user })),
      iam.send(new ListUserTagsCommand({ UserName: user })),
    ]);
    const own = await Promise.all([
      ...inlinePolicies(`user ${user}`, inline.PolicyNames, async (name) => (await iam.send(new GetUserPolicyCommand({ UserName: user, PolicyName: name }))).PolicyDocument),
      ...(attached.AttachedPolicies ?? []).map((p) => this.managedPolicy(account, p.PolicyArn ?? '')),
    ]);
    const fromGroups = await Promise.all((groups.Groups ?? []).map((g) => this.groupPolicies(account, g.GroupName ?? '')));
    return { policies: [...own, ...fromGroups.flat()].filter((p) => p.policy !== undefined), tags: tagMap(tags.Tags) };
  }

  private async groupPolicies(account: string, group: string): Promise<NamedPolicy[]> {
    const iam = this.rootClients(account).iam;
    const [inline, attached] = await Promise.all([iam.send(new ListGroupPoliciesCommand({ GroupName: group })), iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group }))]);
    return Promise.all([
      ...inlinePolicies(`group ${group}`, inline.PolicyNames, async (name) => (await iam.send(new GetGroupPolicyCommand({ GroupName: group, PolicyName: name }))).PolicyDocument),
      ...(attached.AttachedPolicies ?? []).map(async (p) => ({ ...(await this.managedPolicy(account, p.PolicyArn ?? '')), name: `${p.PolicyArn} (attached to group ${group})` })),
    ]);
  }

  private async rolePolicies(account: string, role: string): Promise<IdentityPolicies> {
    const iam = this.rootClients(account).iam;
    const [inline, attached, tags] = await Promise.all([
      iam.send(new ListRolePoliciesCommand({ RoleName: role })),
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role })),
      iam.send(new ListRoleTagsCommand({ RoleName: role })),
    ]);
    const policies = await Promise.all([
      ...inlinePolicies(`role ${role}`, inline.PolicyNames, async (name) => (await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: name }))).PolicyDocument),
      ...(attached.AttachedPolicies ?? []).map((p) => this.managedPolicy(account, p.PolicyArn ?? '')),
    ]);
    return { policies: policies.filter((p) => p.policy !== undefined), tags: tagMap(tags.Tags) };
  }

  private managedPolicy(account: string, arn: string): Promise<NamedPolicy> {
    return this.cached(`${account}|managed|${arn}`, async () => {
      const iam = this.rootClients(account).iam;
      const meta = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: meta.Policy?.DefaultVersionId ?? 'v1' }));
      return { name: arn, policy: parsePolicyDocument(version.PolicyVersion?.Document) };
    });
  }

  /** The role's trust policy: the resource policy of sts:AssumeRole. */
  trustPolicy(account: string, role: string): Promise<unknown> {
    return this.cached(`${account}|trust|${role}`, async () =>
      unlessMissing(this.rootClients(account).iam.send(new GetRoleCommand({ RoleName: role }))).then((found) => parsePolicyDocument(found?.Role?.AssumeRolePolicyDocument)),
    );
  }

  /** The ARN of an IAM user, group or role with its path, which is part of what a policy's Resource matches. */
  pathedArn(account: string, kind: 'user' | 'group' | 'role', name: string): Promise<string> {
    return this.cached(`${account}|arn|${kind}|${name}`, async () => {
      const iam = this.rootClients(account).iam;
      const found =
        kind === 'user'
          ? (await unlessMissing(iam.send(new GetUserCommand({ UserName: name }))))?.User?.Arn
          : kind === 'group'
            ? (await unlessMissing(iam.send(new GetGroupCommand({ GroupName: name, MaxItems: 1 }))))?.Group?.Arn
            : (await unlessMissing(iam.send(new GetRoleCommand({ RoleName: name }))))?.Role?.Arn;
      return found ?? `arn:aws:iam::${account}:${kind}/${name}`;
    });
  }

  bucketPolicy(account: string, bucket: string): Promise<unknown> {
    return this.cached(`${account}|bucket-policy|${bucket}`, async () => {
      const found = await unlessMissing(this.rootClients(account).s3.send(new GetBucketPolicyCommand({ Bucket: bucket })));
      return parsePolicyDocument(found?.Policy);
    });
  }

  queuePolicy(account: string, region: string, queueUrl: string): Promise<unknown> {
    return this.cached(`${account}|queue-policy|${queueUrl}`, async () => {
      const found = await unlessMissing(this.rootClients(account, region).sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] })));
      return parsePolicyDocument(found?.Attributes?.Policy);
    });
  }

  /** Whom LocalStack takes a key it did not see made for (made before the gate was in front): its own answer. */
  whoseKey(accessKeyId: string): Promise<string | undefined> {
    return this.cached(`lookup|${accessKeyId}`, async () => {
      const sts = new STSClient({ region: 'us-east-1', endpoint: this.upstream, credentials: { accessKeyId, secretAccessKey: 'unknown' }, maxAttempts: 1 });
      try {
        return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
      } catch {
        return undefined;
      } finally {
        sts.destroy();
      }
    });
  }
}

/** The inline policies of a user, group or role, each named for the explanation: `inline policy p of user bob`. */
function inlinePolicies(owner: string, names: string[] | undefined, documentOf: (name: string) => Promise<string | undefined>): Promise<NamedPolicy>[] {
  return (names ?? []).map(async (name) => ({ name: `inline policy ${name} of ${owner}`, policy: parsePolicyDocument(await documentOf(name)) }));
}

function tagMap(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}
