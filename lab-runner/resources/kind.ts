// A kind of resource the runner knows: how `lab reset` and the page's picture find every one a lab tagged and remove
// it, and the converge rules for the calls that make it (see ../converge/).
import type { Clients } from '../clients.js';
import type { ConvergeRule } from '../converge/rule.js';

export interface FoundResource {
  kind: string;
  /** What the remove call needs: an id, a name or an ARN. */
  id: string;
  /** What the student knows it by, e.g. its Name tag. */
  name?: string;
  /** The lab that made it: the value of its `workbook:lab` tag (or its IAM path). */
  lab: string;
}

/** Where a kind looks: plain clients (no converge rules) for one account and region. */
export interface KindContext {
  clients: Clients;
  account: string;
  region: string;
  partition: string;
  isLocal: boolean;
  /** The ARN of who acts: a reset must never take away the caller's own permissions halfway. */
  caller: string;
}

export interface ResourceKind {
  /** e.g. `ec2:vpc`, `iam:role`. */
  kind: string;
  /** IAM is global: found once, whatever the region. */
  global: boolean;
  /**
   * Removal order, lower first, so nothing is removed while something else still depends on it:
   * 10 instances · 20 alarms, buckets, MFA devices, console passwords, subscriptions · 30 topics, queues, instance
   * profiles, security groups, route tables, group memberships, group policy attachments · 40 subnets, internet
   * gateways, users, roles · 50 VPCs, groups, managed policies.
   */
  order: number;
  /** Every resource of this kind that carries a lab's tag, whichever lab: one look per kind, grouped by `lab`. */
  findTagged(ctx: KindContext): Promise<FoundResource[]>;
  /** Removes one, with whatever it holds (e.g. a bucket's objects); a resource already gone is not an error. */
  remove(ctx: KindContext, resource: FoundResource): Promise<void>;
  /** The calls that make (or attach) this kind, and how a rerun converges on them. */
  rules?: ConvergeRule[];
}

/**
 * Thrown by a kind's `remove` for what must stay (the caller's own user, which a reset run as that user cannot take
 * away halfway): the reset lists it as kept, with this reason, and does not count it as a failure.
 */
export class KeptInPlace extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'KeptInPlace';
  }
}

export function isKeptInPlace(error: unknown): error is KeptInPlace {
  return error instanceof Error && error.name === 'KeptInPlace';
}
