// The pieces of the week's architecture, and which of them the inventory says exist. The picture draws these.
import type { FoundResource, Inventory, LabEvent } from './types.js';

export type PieceId =
  | 'admins' | 'admin' | 'mfa'
  | 'role' | 'profile' | 'policy'
  | 'alarm' | 'topic' | 'subscription' | 'queue'
  | 'vpc' | 'igw' | 'route-table' | 'public-a' | 'public-b' | 'private-a' | 'private-b' | 'web-sg' | 'instance'
  | 'bucket';

interface PieceRule {
  /** The lab that builds it. */
  lab: string;
  /** The `kind` the runner's inventory gives it (lab-runner/resources/*.ts). */
  kind: string;
  /** Its canonical name (DESIGN.md); a name ending in `*` is a prefix; none: any of the kind. */
  name?: string;
  /** The output of its lab's run that is its address, shown as a link while it exists (the app's URL). */
  link?: string;
}

export const PIECES: Record<PieceId, PieceRule> = {
  admins: { lab: 'root-and-admin', kind: 'iam:group', name: 'Admins' },
  admin: { lab: 'root-and-admin', kind: 'iam:user', name: 'admin' },
  mfa: { lab: 'root-and-admin', kind: 'iam:mfa-device' },
  role: { lab: 'ec2-role', kind: 'iam:role', name: 'EmployeeDirectoryAppRole' },
  profile: { lab: 'ec2-role', kind: 'iam:instance-profile', name: 'EmployeeDirectoryAppRole' },
  policy: { lab: 'ec2-role', kind: 'iam:policy', name: 'EmployeeDirectoryPhotosAccess' },
  alarm: { lab: 'billing-alarm', kind: 'cloudwatch:alarm', name: 'billing-over-10-usd' },
  topic: { lab: 'billing-alarm', kind: 'sns:topic', name: 'billing-alerts' },
  subscription: { lab: 'billing-alarm', kind: 'sns:subscription' },
  queue: { lab: 'billing-alarm', kind: 'sqs:queue', name: 'billing-alerts-inbox' },
  vpc: { lab: 'vpc', kind: 'ec2:vpc', name: 'app-vpc' },
  igw: { lab: 'vpc', kind: 'ec2:internet-gateway', name: 'app-igw' },
  'route-table': { lab: 'vpc', kind: 'ec2:route-table', name: 'public-rt' },
  'public-a': { lab: 'vpc', kind: 'ec2:subnet', name: 'public-a' },
  'public-b': { lab: 'vpc', kind: 'ec2:subnet', name: 'public-b' },
  'private-a': { lab: 'vpc', kind: 'ec2:subnet', name: 'private-a' },
  'private-b': { lab: 'vpc', kind: 'ec2:subnet', name: 'private-b' },
  'web-sg': { lab: 'vpc', kind: 'ec2:security-group', name: 'web-sg' },
  instance: { lab: 'directory-app', kind: 'ec2:instance', name: 'employee-directory', link: 'url' },
  bucket: { lab: 'directory-app', kind: 's3:bucket', name: 'employee-photos-*' },
};

function matches(rule: PieceRule, resource: FoundResource): boolean {
  if (resource.kind !== rule.kind) return false;
  if (!rule.name) return true;
  const name = resource.name ?? '';
  return rule.name.endsWith('*') ? name.startsWith(rule.name.slice(0, -1)) : name === rule.name;
}

/** The pieces that exist, looked for among the resources of the lab that builds each. */
export function builtPieces(inventory: Inventory | null): Set<PieceId> {
  const built = new Set<PieceId>();
  if (!inventory) return built;
  for (const [id, rule] of Object.entries(PIECES) as [PieceId, PieceRule][]) {
    if ((inventory.labs[rule.lab] ?? []).some((resource) => matches(rule, resource))) built.add(id);
  }
  return built;
}

/**
 * The inventory as a run's `resource` event leaves it: a piece appears as its step makes it (or goes as it is removed),
 * not when the inventory is next read.
 */
export function withResource(inventory: Inventory | null, event: Extract<LabEvent, { type: 'resource' }>): Inventory {
  const now = inventory ?? { account: '', region: '', labs: {}, errors: [] };
  const others = (now.labs[event.lab] ?? []).filter((r) => r.kind !== event.kind || r.name !== event.name);
  const made = event.action === 'removed' ? [] : [{ kind: event.kind, id: event.id, name: event.name, lab: event.lab }];
  return { ...now, labs: { ...now.labs, [event.lab]: [...others, ...made] } };
}
