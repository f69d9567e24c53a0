// Every kind of resource a lab can create, loaded only when asked for: a lab that touches SNS never pays for the EC2
// client. Adding a kind: write it in a module here, add the module to MODULES and the kind to KINDS.
import type { ServiceName } from '../clients.js';
import type { ConvergeRule } from '../converge/rule.js';
import type { ResourceKind } from './kind.js';

const MODULES = {
  cloudwatch: async () => (await import('./cloudwatch.js')).cloudwatchKinds,
  'ec2-instances': async () => (await import('./ec2-instances.js')).ec2InstancesKinds,
  s3: async () => (await import('./s3.js')).s3Kinds,
  'iam-roles': async () => (await import('./iam-roles.js')).iamRolesKinds,
  'ec2-network': async () => (await import('./ec2-network.js')).ec2NetworkKinds,
  sns: async () => (await import('./sns.js')).snsKinds,
  sqs: async () => (await import('./sqs.js')).sqsKinds,
} satisfies Record<string, () => Promise<ResourceKind[]>>;

type ModuleName = keyof typeof MODULES;

/** Kind name → the module it is written in. The catalogue's `resources` must name kinds from here. */
export const KINDS: Record<string, ModuleName> = {
  'cloudwatch:alarm': 'cloudwatch',
  'ec2:instance': 'ec2-instances',
  's3:bucket': 's3',
  'iam:role': 'iam-roles',
  'iam:policy': 'iam-roles',
  'iam:policy-attachment': 'iam-roles',
  'iam:instance-profile': 'iam-roles',
  'iam:profile-role': 'iam-roles',
  'ec2:vpc': 'ec2-network',
  'ec2:subnet': 'ec2-network',
  'ec2:internet-gateway': 'ec2-network',
  'ec2:route-table': 'ec2-network',
  'ec2:security-group': 'ec2-network',
  'sns:topic': 'sns',
  'sns:subscription': 'sns',
  'sqs:queue': 'sqs',
};

/** Which modules hold the converge rules for a service's calls. */
const SERVICE_MODULES: Partial<Record<ServiceName, ModuleName[]>> = {
  cloudwatch: ['cloudwatch'],
  ec2: ['ec2-network', 'ec2-instances'],
  s3: ['s3'],
  iam: ['iam-roles'],
  sns: ['sns'],
  sqs: ['sqs'],
};

/** The kinds named (every kind when none are), in removal order. */
export async function loadKinds(names: string[] = Object.keys(KINDS)): Promise<ResourceKind[]> {
  const unknown = names.filter((n) => !(n in KINDS));
  if (unknown.length > 0) throw new Error(`Unknown resource kind ${unknown.join(', ')}; known: ${Object.keys(KINDS).join(', ')}`);
  const modules = [...new Set(names.map((n) => KINDS[n]).filter((m): m is ModuleName => m !== undefined))];
  const loaded = (await Promise.all(modules.map((m) => MODULES[m]()))).flat();
  return loaded.filter((k) => names.includes(k.kind)).sort((a, b) => a.order - b.order);
}

export async function rulesFor(service: ServiceName): Promise<ConvergeRule[]> {
  const modules = SERVICE_MODULES[service] ?? [];
  return (await Promise.all(modules.map((m) => MODULES[m]()))).flat().flatMap((k) => k.rules ?? []);
}
