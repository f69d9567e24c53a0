// A converge rule: what the runner does with one kind of call a step makes (a create, an attach) so that running a
// step again converges on what it asks for: reuse what matches, update or replace what does not, create what is missing.
import type { Clients, ServiceName } from '../clients.js';
import type { ResourceAction } from '../events.js';

export interface ConvergeCall<I extends object = object> {
  labId: string;
  account: string;
  region: string;
  partition: string;
  isLocal: boolean;
  /** The request exactly as the step made it. */
  input: I;
  /** Sends the request on (or another input), through the step's client with its retries. */
  send(input: I): Promise<object>;
  /** Clients without converge rules, with the SDK's retries, for look-ups and updates. */
  clients: Clients;
  /** Clients that try once: a create whose answer was lost is looked up, never blindly sent again. */
  once: Clients;
  /** Tells the student (and the page's picture) what happened to a resource. */
  report(action: ResourceAction, what: { kind: string; name: string; id: string; detail?: string }): void;
  /** Work to do when the step ends well, e.g. removing rules no call of the step asked for. */
  atStepEnd(key: string, work: () => Promise<void>): void;
  /** A line of progress under the step. */
  say(message: string): void;
}

export interface ConvergeRule<I extends object = object> {
  service: ServiceName;
  /** The SDK command's class name, e.g. `CreateVpcCommand`. */
  command: string;
  converge(call: ConvergeCall<I>): Promise<object>;
}

/** Lets a rule be written for the command's own input type and still sit in one list with the others. */
export function rule<I extends object>(service: ServiceName, command: string, converge: (call: ConvergeCall<I>) => Promise<object>): ConvergeRule {
  return { service, command, converge: converge as (call: ConvergeCall) => Promise<object> };
}
