// What the connect lab found, as it leaves it in the student's account for the checks: the SSM parameter
// /workbook/connect/summary, a JSON object with the account and identity STS named, the region, how many regions the
// account can use, and the region's zones with their ZoneIds. The lab writes it and the checks read it with this.
import type { AvailabilityZone } from '@aws-sdk/client-ec2';

export const SUMMARY_PARAMETER = '/workbook/connect/summary';

export interface Zone {
  /** e.g. `us-east-1a`: the letter may name another building in another account. */
  name: string;
  /** e.g. `use1-az1`: the same building in every account. */
  id: string;
}

export interface Summary {
  account: string;
  arn: string;
  region: string;
  regions: number;
  zones: Zone[];
}

export function zonesOf(zones: AvailabilityZone[]): Zone[] {
  return zones.map((z) => ({ name: z.ZoneName ?? '', id: z.ZoneId ?? '' }));
}

/** `us-east-1a (use1-az1), us-east-1b (use1-az2)`: how a step shows the zones, and hands them to the next. */
export function zoneList(zones: Zone[]): string {
  return zones.map((z) => `${z.name} (${z.id})`).join(', ');
}

export function parseZoneList(text: string): Zone[] {
  return [...text.matchAll(/([^\s,()]+) \(([^)]*)\)/g)].map(([, name = '', id = '']) => ({ name, id }));
}

export function summaryText(summary: Summary): string {
  return JSON.stringify(summary);
}

/** The summary in a parameter's value, or what is wrong with it, in words. */
export function readSummary(text: string): { summary: Summary } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `its value is not JSON: ${JSON.stringify(text.slice(0, 60))}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'its value is not a JSON object' };
  const { account, arn, region, regions, zones } = value as Record<string, unknown>;
  const problems = [
    !(typeof account === 'string' && /^\d{12}$/.test(account)) && `account ${JSON.stringify(account)} is not a 12-digit account id`,
    !(typeof arn === 'string' && /^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/.test(arn)) && `arn ${JSON.stringify(arn)} is not the ARN of an IAM or STS identity`,
    !(typeof region === 'string' && region !== '') && 'it names no region',
    !(typeof regions === 'number' && Number.isInteger(regions) && regions > 0) && `regions ${JSON.stringify(regions)} is not a count of regions`,
    !(Array.isArray(zones) && zones.length > 0 && zones.every(isZone)) && 'zones is not a list of { name, id }',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) return { problem: problems.join('; ') };
  return { summary: { account, arn, region, regions, zones } as Summary };
}

function isZone(value: unknown): value is Zone {
  const { name, id } = (value ?? {}) as Record<string, unknown>;
  return typeof name === 'string' && name !== '' && typeof id === 'string' && id !== '';
}
