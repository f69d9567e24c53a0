// The step clients' middleware: each call a step makes goes through here. Calls with a converge rule are answered by
// the rule; every call that meets "not found" for something this run has just made is tried again for a while, since
// AWS's EC2 and IAM APIs are eventually consistent
// (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
import { describeError, isProfileNotVisibleYet } from '../aws-errors.js';
import type { Clients, InterceptedCall, Interceptor, ServiceName } from '../clients.js';
import type { ResourceAction } from '../events.js';
import type { ConvergeCall, ConvergeRule } from './rule.js';

export interface ConvergeEnv {
  labId: string;
  account: string;
  region: string;
  partition: string;
  isLocal: boolean;
  clients: Clients;
  once: Clients;
  report(action: ResourceAction, what: { kind: string; name: string; id: string; detail?: string }): void;
  say(message: string): void;
  /** Collected per step by the runner, run when the step ends well. */
  stepEnd: Map<string, () => Promise<void>>;
  sleep?: (ms: number) => Promise<void>;
}

/** How long after making something a "not found" for it means "not visible yet" rather than "not there". */
const FRESH_MS = 120_000;
const WAITS_MS = [1_000, 2_000, 4_000, 8_000, 8_000, 8_000];

export function convergeInterceptor(rulesFor: (service: ServiceName) => Promise<ConvergeRule[]>, env: ConvergeEnv): Interceptor {
  const loaded = new Map<ServiceName, Promise<ConvergeRule[]>>();
  const ruleFor = async (call: InterceptedCall) => {
    if (!loaded.has(call.service)) loaded.set(call.service, rulesFor(call.service));
    return (await loaded.get(call.service))?.find((r) => r.command === call.command);
  };
  const made = new Map<string, number>();
  const report: ConvergeEnv['report'] = (action, what) => {
    if (action === 'created' || action === 'replaced') for (const key of [what.id, what.name]) if (key) made.set(key, Date.now());
    env.report(action, what);
  };
  return async (call) => {
    const found = await ruleFor(call);
    const attempt = () => (found ? found.converge(convergeCall(env, call, report)) : call.send(call.input));
    return retryWhileFresh(attempt, call, made, env);
  };
}

function convergeCall(env: ConvergeEnv, call: InterceptedCall, report: ConvergeEnv['report']): ConvergeCall {
  const { labId, account, region, partition, isLocal, clients, once, say } = env;
  return {
    labId,
    account,
    region,
    partition,
    isLocal,
    clients,
    once,
    say,
    report,
    input: call.input,
    send: call.send,
    atStepEnd: (key, work) => void env.stepEnd.set(key, work),
  };
}

async function retryWhileFresh(attempt: () => Promise<object>, call: InterceptedCall, made: Map<string, number>, env: ConvergeEnv): Promise<object> {
  const sleep = env.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const fresh = freshNameIn(call.input, made);
      const wait = WAITS_MS[i];
      if (!fresh || wait === undefined || !isNotFound(error)) throw error;
      env.say(`${call.command.replace(/Command$/, '')}: ${fresh} is not visible yet (${describeError(error).code}); AWS is eventually consistent, trying again in ${wait / 1000} s`);
      await sleep(wait);
    }
  }
}

function isNotFound(error: unknown): boolean {
  return /NotFound$|^NoSuchEntity|^NoSuchBucket$/.test(describeError(error).code) || isProfileNotVisibleYet(error);
}

/** A name or id this run made in the last two minutes that the request refers to. */
function freshNameIn(input: object, made: Map<string, number>): string | undefined {
  const text = JSON.stringify(input);
  const now = Date.now();
  for (const [key, at] of made) if (now - at < FRESH_MS && text.includes(key)) return key;
  return undefined;
}
