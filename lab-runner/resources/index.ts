// Every kind of resource a lab can create, loaded only when asked for: a lab that touches SNS never pays for the EC2
// client. Adding a kind: write it in a module here, add the module (and the services its code calls) to MODULES, the
// kind to KINDS, and the module to the services whose calls its rules answer in SERVICE_MODULES.
import { loadServices, type ServiceName } from '../clients.js';
import type { ConvergeRule } from '../converge/rule.js';
import type { ResourceKind } from './kind.js';

interface KindModule {
  /** The services the module's kinds and rules call (an instance profile asks EC2 which instances use it). */
  services: ServiceName[];
  load(): Promise<ResourceKind[]>;
}

const MODULES = {
  cloudwatch: { services: ['cloudwatch'], load: async () => (await import('./cloudwatch.js')).cloudwatchKinds },
  'iam-roles': { services: ['iam', 'ec2'], load: async () => (await import('./iam-roles.js')).iamRolesKinds },
  'iam-users': { services: ['iam'], load: async () => (await import('./iam-users.js')).iamUsersKinds },
  'ec2-network': { services: ['ec2'], load: async () => (await import('./ec2-network.js')).ec2NetworkKinds },
  'ec2-instances': { services: ['ec2'], load: async () => (await import('./ec2-instances.js')).ec2InstancesKinds },
  s3: { services: ['s3'], load: async () => (await import('./s3.js')).s3Kinds },
  sns: { services: ['sns'], load: async () => (await import('./sns.js')).snsKinds },
  sqs: { services: ['sqs'], load: async () => (await import('./sqs.js')).sqsKinds },
  ssm: { services: ['ssm'], load: async () => (await import('./ssm.js')).ssmKinds },
} satisfies Record<string, KindModule>;

type ModuleName = keyof typeof MODULES;

async function loadModule(name: ModuleName): Promise<ResourceKind[]> {
  const module: KindModule = MODULES[name];
  const [kinds] = await Promise.all([module.load(), loadServices(module.services)]);
  return kinds;
}

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
  'iam:password-policy': 'iam-users',
  'iam:group': 'iam-users',
  'iam:group-policy': 'iam-users',
  'iam:user': 'iam-users',
  'iam:group-membership': 'iam-users',
  'iam:login-profile': 'iam-users',
  'iam:mfa-device': 'iam-users',
  'iam:access-key': 'iam-users',
  'ec2:vpc': 'ec2-network',
  'ec2:subnet': 'ec2-network',
  'ec2:internet-gateway': 'ec2-network',
  'ec2:route-table': 'ec2-network',
  'ec2:security-group': 'ec2-network',
  'sns:topic': 'sns',
  'sns:subscription': 'sns',
  'sqs:queue': 'sqs',
  'ssm:parameter': 'ssm',
};

/** Which modules hold the converge rules for a service's calls. */
const SERVICE_MODULES: Partial<Record<ServiceName, ModuleName[]>> = {
  cloudwatch: ['cloudwatch'],
  ec2: ['ec2-network', 'ec2-instances'],
  iam: ['iam-roles', 'iam-users'],
  s3: ['s3'],
  sns: ['sns'],
  sqs: ['sqs'],
  ssm: ['ssm'],
};

/** The kinds named (every kind when none are), in removal order. */
export async function loadKinds(names: string[] = Object.keys(KINDS)): Promise<ResourceKind[]> {
  const unknown = names.filter((n) => !(n in KINDS));
  if (unknown.length > 0) throw new Error(`Unknown resource kind ${unknown.join(', ')}; known: ${Object.keys(KINDS).join(', ')}`);
  const modules = [...new Set(names.map((n) => KINDS[n]).filter((m): m is ModuleName => m !== undefined))];
  const loaded = (await Promise.all(modules.map(loadModule))).flat();
  return loaded.filter((k) => names.includes(k.kind)).sort((a, b) => a.order - b.order);
}

export async function rulesFor(service: ServiceName): Promise<ConvergeRule[]> {
  const modules = SERVICE_MODULES[service] ?? [];
  return (await Promise.all(modules.map(loadModule))).flat().flatMap((k) => k.rules ?? []);
}
