// Request shapes AWS refuses and LocalStack accepts, so that code which would fail on AWS fails here first.
import { invalidParameter, type AwsError } from './errors.js';
import type { GateRequest } from './request.js';

type Rule = (request: GateRequest) => AwsError | undefined;

// "Only one attribute can be specified per request": https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcAttribute.html
// AWS answers InvalidParameterCombination, "Fields for multiple attribute types specified: …".
const VPC_ATTRIBUTES = ['EnableDnsHostnames', 'EnableDnsSupport', 'EnableNetworkAddressUsageMetrics'];

const oneVpcAttribute: Rule = (r) => {
  if (r.operation !== 'ModifyVpcAttribute') return undefined;
  const given = VPC_ATTRIBUTES.filter((a) => r.params[`${a}.Value`] !== undefined);
  if (given.length > 1) {
    return invalidParameter('InvalidParameterCombination', `Fields for multiple attribute types specified: ${given.map((a) => a.charAt(0).toLowerCase() + a.slice(1)).join(', ')}`);
  }
  if (given.length === 0) return invalidParameter('MissingParameter', 'The request must contain exactly one of the parameters: enableDnsHostnames, enableDnsSupport, enableNetworkAddressUsageMetrics');
  return undefined;
};

// The resource types each create operation can tag at creation:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TagSpecification.html
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions
const TAGGABLE_AT_CREATION: Record<string, string[]> = {
  CreateVpc: ['vpc'],
  CreateSubnet: ['subnet'],
  CreateSecurityGroup: ['security-group'],
  CreateInternetGateway: ['internet-gateway'],
  CreateRouteTable: ['route-table'],
  CreateNatGateway: ['natgateway'],
  AllocateAddress: ['elastic-ip'],
  CreateKeyPair: ['key-pair'],
  ImportKeyPair: ['key-pair'],
  CreateVolume: ['volume'],
  CreateNetworkInterface: ['network-interface'],
  CreateLaunchTemplate: ['launch-template'],
  CreateVpcEndpoint: ['vpc-endpoint'],
  CreateNetworkAcl: ['network-acl'],
  RunInstances: ['instance', 'volume', 'network-interface', 'spot-instances-request', 'elastic-gpu'],
};

function indexed(params: Record<string, string>, pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const key of Object.keys(params)) {
    const [, index] = pattern.exec(key) ?? [];
    if (index !== undefined) found.add(index);
  }
  return [...found].sort((a, b) => Number(a) - Number(b));
}

const tagSpecifications: Rule = (r) => {
  const allowed = TAGGABLE_AT_CREATION[r.operation];
  const specs = indexed(r.params, /^TagSpecification\.(\d+)\./);
  if (specs.length === 0) return undefined;
  const seen = new Set<string>();
  for (const n of specs) {
    const type = r.params[`TagSpecification.${n}.ResourceType`];
    if (!type) return invalidParameter('InvalidParameterValue', 'Tag specification resource type must have a value');
    if (allowed && !allowed.includes(type)) return invalidParameter('InvalidParameterValue', `'${type}' is not a valid taggable resource type for this operation.`);
    if (seen.has(type)) return invalidParameter('InvalidParameterValue', `The same resource type may not be specified more than once in tag specifications: '${type}'`);
    seen.add(type);
    const tags = indexed(r.params, new RegExp(`^TagSpecification\\.${n}\\.Tag\\.(\\d+)\\.`));
    if (tags.length === 0) return invalidParameter('InvalidParameterValue', 'Tag specification must have at least one tag');
    if (tags.length > 50) return invalidParameter('TagLimitExceeded', 'The maximum number of tags per resource is 50');
    for (const m of tags) {
      const bad = tagProblem(r.params[`TagSpecification.${n}.Tag.${m}.Key`], r.params[`TagSpecification.${n}.Tag.${m}.Value`] ?? '');
      if (bad) return bad;
    }
  }
  return undefined;
};

function tagProblem(key: string | undefined, value: string): AwsError | undefined {
  if (!key) return invalidParameter('InvalidParameterValue', 'Tag key must have a value');
  if (key.toLowerCase().startsWith('aws:')) return invalidParameter('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
  if (key.length > 128) return invalidParameter('InvalidParameterValue', 'Tag key exceeds the maximum length of 128 characters');
  if (value.length > 256) return invalidParameter('InvalidParameterValue', 'Tag value exceeds the maximum length of 256 characters');
  return undefined;
}

const createTags: Rule = (r) => {
  if (r.operation !== 'CreateTags') return undefined;
  for (const m of indexed(r.params, /^Tag\.(\d+)\./)) {
    const bad = tagProblem(r.params[`Tag.${m}.Key`], r.params[`Tag.${m}.Value`] ?? '');
    if (bad) return bad;
  }
  return undefined;
};

// A rule's protocol, ports and ranges: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
// "For tcp, udp, and icmp, you must specify a port range"; -1 or another protocol number allows every port.
const SG_OPERATIONS = new Set(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress']);
const NAMED_PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: -1 };

function protocolNumber(value: string): number | undefined {
  if (value.toLowerCase() in NAMED_PROTOCOLS) return NAMED_PROTOCOLS[value.toLowerCase()];
  if (/^-?\d+$/.test(value) && Number(value) >= -1 && Number(value) <= 255) return Number(value);
  return undefined;
}

function cidrProblem(cidr: string, v6: boolean): AwsError | undefined {
  const ok = v6 ? /^[0-9a-fA-F:]+\/(\d|[1-9]\d|1[01]\d|12[0-8])$/.test(cidr) && cidr.includes(':') : isIpv4Cidr(cidr);
  return ok ? undefined : invalidParameter('InvalidParameterValue', `CIDR block ${cidr} is malformed`);
}

function isIpv4Cidr(cidr: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return false;
  return m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

function permissionProblem(p: Record<string, string | undefined>): AwsError | undefined {
  const protocolText = p.IpProtocol;
  if (protocolText === undefined) return invalidParameter('MissingParameter', 'The request must contain the parameter ipProtocol');
  const protocol = protocolNumber(protocolText);
  if (protocol === undefined) return invalidParameter('InvalidParameterValue', `Invalid value '${protocolText}' for IP protocol. Unknown protocol.`);
  const from = p.FromPort === undefined ? undefined : Number(p.FromPort);
  const to = p.ToPort === undefined ? undefined : Number(p.ToPort);
  if (protocol === 6 || protocol === 17) {
    if (from === undefined || to === undefined) return invalidParameter('InvalidParameterValue', "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange");
    if (from < 0 || to > 65535 || from > to) return invalidParameter('InvalidParameterValue', `Invalid TCP/UDP port range ${from}-${to}: ports are 0 to 65535, from not above to`);
  }
  if (protocol !== 1) return undefined;
  if (from === undefined || to === undefined) return invalidParameter('InvalidParameterValue', "Invalid value 'Must specify both ICMP type and code with ICMP.' for portRange");
  if (from < -1 || from > 255 || to < -1 || to > 255) return invalidParameter('InvalidParameterValue', `Invalid ICMP type ${from} or code ${to}: both are -1 to 255`);
  return undefined;
}

const securityGroupRules: Rule = (r) => {
  if (!SG_OPERATIONS.has(r.operation)) return undefined;
  const perms = indexed(r.params, /^IpPermissions\.(\d+)\./);
  const shapes: Record<string, string | undefined>[] = perms.map((n) => ({
    IpProtocol: r.params[`IpPermissions.${n}.IpProtocol`],
    FromPort: r.params[`IpPermissions.${n}.FromPort`],
    ToPort: r.params[`IpPermissions.${n}.ToPort`],
  }));
  // The older flat form: IpProtocol, FromPort, ToPort and CidrIp at the top level.
  if (r.params.IpProtocol !== undefined || r.params.CidrIp !== undefined) shapes.push({ IpProtocol: r.params.IpProtocol, FromPort: r.params.FromPort, ToPort: r.params.ToPort });
  for (const shape of shapes) {
    const bad = permissionProblem(shape);
    if (bad) return bad;
  }
  for (const [key, value] of Object.entries(r.params)) {
    if (/^IpPermissions\.\d+\.IpRanges\.\d+\.CidrIp$/.test(key) || key === 'CidrIp') {
      const bad = cidrProblem(value, false);
      if (bad) return bad;
    }
    if (/^IpPermissions\.\d+\.Ipv6Ranges\.\d+\.CidrIpv6$/.test(key)) {
      const bad = cidrProblem(value, true);
      if (bad) return bad;
    }
  }
  return undefined;
};

const EC2_RULES: Rule[] = [oneVpcAttribute, tagSpecifications, createTags, securityGroupRules];

export function validate(request: GateRequest): AwsError | undefined {
  if (request.service !== 'ec2') return undefined;
  for (const rule of EC2_RULES) {
    const refusal = rule(request);
    if (refusal) return refusal;
  }
  return undefined;
}
