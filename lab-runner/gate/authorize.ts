// Whether a caller may make a request: the operation's action and resources from the table, the caller's policies and
// the resource's policy from the cloud, and AWS's evaluation logic over them. Root is allowed everything, as on AWS.
import { ALWAYS_ALLOWED, authorizationFor, type Authorization } from './actions.js';
import { evaluate, principalContext, type Decision } from './evaluate.js';
import type { IdentityStore } from './identity.js';
import type { Principal } from './keys.js';
import type { GateRequest } from './request.js';

export type Log = (line: string) => void;

export class Authorizer {
  private readonly toldUnmapped = new Set<string>();

  constructor(
    private readonly store: IdentityStore,
    private readonly log: Log,
  ) {}

  async decide(request: GateRequest, principal: Principal): Promise<Decision> {
    if (principal.kind === 'root') return { allowed: true, message: '' };
    const at = { account: principal.account, region: request.region, self: principal.kind === 'user' ? principal.name : undefined };
    const auth = authorizationFor(request, at);
    if (ALWAYS_ALLOWED.has(auth.action)) return { allowed: true, message: '' };
    this.tellUnmapped(request, auth);
    const identity = await this.store.identityPolicies(principal);
    const context = { ...principalContext(principal, identity.tags, request.sourceIp, request.region), ...auth.context };
    for (const raw of auth.resources) {
      const resource = await this.withIamPath(raw);
      const resourceAccount = resource.split(':')[4] || principal.account;
      const { policy, name } = await this.resourcePolicy(request, principal, auth, resource);
      const decision = await evaluate({ principal, action: auth.action, resource, resourceAccount, context, identity, resourcePolicy: policy, resourcePolicyName: name });
      if (!decision.allowed) return decision;
    }
    return { allowed: true, message: '' };
  }

  private tellUnmapped(request: GateRequest, auth: Authorization): void {
    if (auth.mapped) return;
    const id = `${request.service}:${request.operation}`;
    if (this.toldUnmapped.has(id)) return;
    this.toldUnmapped.add(id);
    this.log(`gate: ${request.service} ${request.operation} is not in the operation table; ${auth.action} is evaluated against resource *`);
  }

  /** IAM users, groups and roles may live under a path, which is part of their ARN and of what a policy matches. */
  private async withIamPath(arn: string): Promise<string> {
    const [, account = '', kind, name = ''] = /^arn:aws:iam::(\d{12}):(user|group|role)\/([^/]+)$/.exec(arn) ?? [];
    return kind === 'user' || kind === 'group' || kind === 'role' ? this.store.pathedArn(account, kind, name) : arn;
  }

  private async resourcePolicy(request: GateRequest, principal: Principal, auth: Authorization, resource: string): Promise<{ policy?: unknown; name?: string }> {
    if (request.service === 's3' && request.bucket) {
      return { policy: await this.store.bucketPolicy(principal.account, request.bucket), name: `the bucket policy of ${request.bucket}` };
    }
    if (auth.action === 'sts:AssumeRole') {
      const [, , , , account = principal.account, path = ''] = resource.split(':');
      const role = path.split('/').pop() ?? '';
      return { policy: await this.store.trustPolicy(account, role), name: `the trust policy of role ${role}` };
    }
    if (request.service === 'sqs' && request.params.QueueUrl && request.operation !== 'CreateQueue') {
      return { policy: await this.store.queuePolicy(principal.account, request.region, request.params.QueueUrl), name: 'the queue policy' };
    }
    return {};
  }
}
