// Security group rules, one source each: a permission with two ports or two ranges is several rules, and the same
// rule written as `tcp` or `6` is one. Rules are compared by protocol, ports and source; their descriptions are not.
import type { IpPermission } from '@aws-sdk/client-ec2';

export interface IngressRule {
  /** e.g. `tcp|80|80|cidr 0.0.0.0/0` */
  key: string;
  /** e.g. `tcp 80 from 0.0.0.0/0`, as the student reads it. */
  label: string;
  /** The rule alone, as Authorize and Revoke take it. */
  permission: IpPermission;
}

const PROTOCOL_NAMES: Record<string, string> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

export function ingressRules(permissions: IpPermission[] = []): IngressRule[] {
  return permissions.flatMap((p) => {
    const protocol = protocolOf(p.IpProtocol);
    const ports = protocol === 'all' ? '' : p.FromPort === p.ToPort ? ` ${p.FromPort}` : ` ${p.FromPort}-${p.ToPort}`;
    const base = { IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort };
    const rule = (source: string, shown: string, permission: IpPermission): IngressRule => ({
      key: `${protocol}|${protocol === 'all' ? '' : `${p.FromPort}|${p.ToPort}`}|${source}`,
      label: `${protocol === 'all' ? 'all traffic' : `${protocol}${ports}`} from ${shown}`,
      permission: { ...base, ...permission },
    });
    return [
      ...(p.IpRanges ?? []).map((r) => rule(`cidr ${r.CidrIp}`, r.CidrIp ?? '?', { IpRanges: [r] })),
      ...(p.Ipv6Ranges ?? []).map((r) => rule(`cidr ${r.CidrIpv6}`, r.CidrIpv6 ?? '?', { Ipv6Ranges: [r] })),
      ...(p.UserIdGroupPairs ?? []).map((g) => rule(`group ${g.GroupId ?? g.GroupName}`, `group ${g.GroupId ?? g.GroupName}`, { UserIdGroupPairs: [{ GroupId: g.GroupId, GroupName: g.GroupName }] })),
      ...(p.PrefixListIds ?? []).map((l) => rule(`prefix list ${l.PrefixListId}`, `prefix list ${l.PrefixListId}`, { PrefixListIds: [{ PrefixListId: l.PrefixListId }] })),
    ];
  });
}

export function permissionsOf(rules: IngressRule[]): IpPermission[] {
  return rules.map((r) => r.permission);
}

function protocolOf(protocol: string | undefined): string {
  const lower = (protocol ?? '-1').toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}
