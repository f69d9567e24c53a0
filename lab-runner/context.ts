// What a step or a check is given: clients bound to the target, where it runs, tagging, outputs and progress.
import type { ResourceType, TagSpecification } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { type ClientConfig, type Clients, createClients } from './clients.js';
import type { EventSink } from './events.js';
import type { Lab } from './lab.js';
import { ec2TagSpec, labTags, type Tag } from './tags.js';
import type { Target } from './target.js';

export interface LabContext {
  labId: string;
  target: Target;
  /** LocalStack: an EC2 instance is a record, billing data does not exist, email is not delivered. */
  isLocal: boolean;
  account: string;
  region: string;
  clients: Clients;
  /** Config to build another client for this target, e.g. in another region. */
  clientConfig: ClientConfig;
  /** `workbook:lab=<id>` (and `Name` when given), for APIs that take a Key/Value list. */
  tags(name?: string): Tag[];
  /** The same tags as an EC2 TagSpecification for `resourceType`. */
  ec2Tags(resourceType: ResourceType, name?: string): TagSpecification[];
  /** Records an output the student sees and later steps can read. */
  output(name: string, value: string): void;
  outputs: Record<string, string>;
  /** A line of progress under the current step. */
  say(message: string): void;
  credentials(): Promise<AwsCredentialIdentity>;
  /** Lab options from the command line, e.g. `--email` for the billing alarm on a real account. */
  options: Record<string, string>;
}

export interface ContextOptions {
  target: Target;
  lab: Lab;
  account: string;
  sink?: EventSink;
  options?: Record<string, string>;
  /** The step that `say` and `output` lines belong to; set by the step runner. */
  currentStep?: () => number;
}

export function labRegion(lab: Lab, target: Target): string {
  return lab.region === 'target' ? target.region : lab.region.fixed;
}

export function clientConfigFor(target: Target, region: string): ClientConfig {
  return { region, endpoint: target.endpoint, credentials: target.credentials, maxAttempts: 6 };
}

export function createContext({ target, lab, account, sink = () => {}, options = {}, currentStep = () => 0 }: ContextOptions): LabContext {
  const region = labRegion(lab, target);
  const clientConfig = clientConfigFor(target, region);
  const outputs: Record<string, string> = {};
  return {
    labId: lab.id,
    target,
    isLocal: target.name !== 'aws',
    account,
    region,
    clients: createClients(clientConfig, (call, retries, waitedMs) =>
      sink({ type: 'output', lab: lab.id, step: currentStep(), message: `${call} was retried ${retries}× (the service was busy or throttling); waited ${waitedMs} ms in all` }),
    ),
    clientConfig,
    tags: (name) => labTags(lab.id, name),
    ec2Tags: (resourceType, name) => ec2TagSpec(lab.id, resourceType, name),
    output(name, value) {
      outputs[name] = value;
      sink({ type: 'output', lab: lab.id, step: currentStep(), name, message: `${name}: ${value}` });
    },
    outputs,
    say(message) {
      sink({ type: 'output', lab: lab.id, step: currentStep(), message });
    },
    async credentials() {
      const c = target.credentials;
      return typeof c === 'function' ? c() : c;
    },
    options,
  };
}

export async function whoAmI(clients: Clients): Promise<{ account: string; arn: string }> {
  const me = await clients.sts.send(new GetCallerIdentityCommand({}));
  return { account: me.Account ?? '', arn: me.Arn ?? '' };
}
