// A kind of resource `lab reset` knows how to find by its lab tag and remove.
import type { LabContext } from '../context.js';

export interface FoundResource {
  kind: string;
  /** What the remove call needs: an id, a name or an ARN. */
  id: string;
  /** What the student knows it by, e.g. its Name tag. */
  name?: string;
}

export interface ResourceKind {
  /** e.g. `ec2:vpc`, `iam:role`. */
  kind: string;
  /**
   * Removal order, lower first, so nothing is removed while something else still depends on it:
   * 10 instances · 20 alarms, buckets, MFA devices · 30 topics, queues, instance profiles, security groups, route tables ·
   * 40 subnets, internet gateways, users, roles · 50 VPCs, groups, managed policies.
   */
  order: number;
  /** Resources in ctx.region (or global, for IAM) that carry `workbook:lab=<ctx.labId>`. */
  find(ctx: LabContext): Promise<FoundResource[]>;
  /** Removes one, with whatever it holds (e.g. a bucket's objects); a resource already gone is not an error. */
  remove(ctx: LabContext, resource: FoundResource): Promise<void>;
}
