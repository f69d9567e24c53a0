// What a step or a check is given: clients bound to the target, where it runs, tagging, outputs and progress.
import type { ResourceType, TagSpecification } from '@aws-sdk/client-ec2';
import type { AwsCredentialIdentity } from '@smithy/types';
import { type ClientConfig, type Clients, clientConfigFor, createClients, type ClientHooks } from './clients.js';
import type { EventSink, ResourceAction } from './events.js';
import type { LabInfo, OutputValue, Outputs } from './lab.js';
import { partitionOf } from './partition.js';
import { ec2TagSpec, labTags, type Tag } from './tags.js';
import type { Target } from './target.js';

export interface LabContext<O extends Outputs = Outputs> {
  labId: string;
  target: Target;
  /** LocalStack: an EC2 instance is a record, billing data does not exist, email is not delivered. */
  isLocal: boolean;
  account: string;
  region: string;
  /** `aws`, `aws-cn` or `aws-us-gov`: the first part of every ARN in this region. */
  partition: string;
  clients: Clients;
  /** Config to build another client for this target, e.g. in another region. */
  clientConfig: ClientConfig;
  /** `workbook:lab=<id>` (and `Name` when given), for APIs that take a Key/Value list. */
  tags(name?: string): Tag[];
  /** The same tags as an EC2 TagSpecification for `resourceType`. */
  ec2Tags(resourceType: ResourceType, name?: string): TagSpecification[];
  /** Records a value the student sees and later steps read from `outputs`. */
  output<K extends keyof O & string>(name: K, value: O[K]): void;
  /** What earlier steps recorded; reading one not recorded yet is an error that names it. */
  readonly outputs: Readonly<O>;
  /** A line of progress under the current step. */
  say(message: string): void;
  credentials(): Promise<AwsCredentialIdentity>;
  /** Lab options from the command line, e.g. `--email` for the billing alarm on a real account. */
  options: Record<string, string>;
}

export interface ContextOptions {
  target: Target;
  lab: Pick<LabInfo, 'id' | 'region'>;
  account: string;
  sink?: EventSink;
  options?: Record<string, string>;
  /** The step that `say` and `output` lines belong to; set by the step runner. */
  currentStep?: () => number;
  /** Middleware for the step clients: the runner's converge rules, retry notices. */
  hooks?: ClientHooks;
}

export function labRegion(lab: Pick<LabInfo, 'region'>, target: Pick<Target, 'region'>): string {
  return lab.region === 'target' ? target.region : lab.region.fixed;
}

export function createContext<O extends Outputs = Outputs>({
  target,
  lab,
  account,
  sink = () => {},
  options = {},
  currentStep = () => 0,
  hooks,
}: ContextOptions): LabContext<O> {
  const region = labRegion(lab, target);
  const clientConfig = clientConfigFor(target, region);
  const recorded: Record<string, unknown> = {};
  return {
    labId: lab.id,
    target,
    isLocal: target.name !== 'aws',
    account,
    region,
    partition: partitionOf(region),
    clients: createClients(clientConfig, hooks),
    clientConfig,
    tags: (name) => labTags(lab.id, name),
    ec2Tags: (resourceType, name) => ec2TagSpec(lab.id, resourceType, name),
    output(name, value) {
      recorded[name] = value;
      sink({ type: 'output', lab: lab.id, step: currentStep(), name, value: String(value) });
    },
    outputs: recordedOutputs<O>(recorded),
    say(message) {
      sink({ type: 'say', lab: lab.id, step: currentStep(), message });
    },
    async credentials() {
      const c = target.credentials;
      return typeof c === 'function' ? c() : c;
    },
    options,
  };
}

/** Names that tools (JSON, promises, test printers) probe on any object; they are never outputs. */
const NOT_OUTPUTS = new Set(['toJSON', 'then', 'constructor', 'asymmetricMatch', 'nodeType', '$$typeof']);

/** Reading an output no step has recorded is a bug in the lab: say which, rather than pass `undefined` along. */
function recordedOutputs<O extends Outputs>(recorded: Record<string, unknown>): Readonly<O> {
  return new Proxy(recorded, {
    get(values, name) {
      if (typeof name !== 'string' || name in values || NOT_OUTPUTS.has(name)) return Reflect.get(values, name);
      throw new Error(`No step has recorded the output "${name}" yet: it is recorded by an earlier step with ctx.output("${name}", …).`);
    },
    set() {
      throw new Error('Record outputs with ctx.output(name, value).');
    },
  }) as unknown as Readonly<O>;
}

/** The resource event a converge rule reports through. */
export type ResourceReport = (action: ResourceAction, what: { kind: string; name: string; id: string; detail?: string }) => void;
