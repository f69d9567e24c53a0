// A step's context as the runner's child process builds it (lab-runner/execute/child.ts): clients whose create calls go
// through the converge rules, the resource events they report collected, and the work registered for a step's end run
// when the step ends well. For testing the directory-app lab's resource kinds one call at a time.
import { clientConfigFor, createClients, onceConfig } from '../../../lab-runner/clients.js';
import { createContext, type LabContext } from '../../../lab-runner/context.js';
import { convergeInterceptor, type ConvergeEnv } from '../../../lab-runner/converge/interceptor.js';
import type { LabEvent } from '../../../lab-runner/events.js';
import { partitionOf } from '../../../lab-runner/partition.js';
import { rulesFor } from '../../../lab-runner/resources/index.js';
import type { Session } from '../../../lab-runner/session.js';

export interface ConvergingStep {
  ctx: LabContext;
  events: LabEvent[];
  /** The resource events so far, as `action kind name: detail`. */
  actions(): string[];
  /** Runs `body` as one step: afterwards the work the rules registered for the step's end. */
  step<T>(body: (ctx: LabContext) => Promise<T>): Promise<T>;
}

export function convergingStep(session: Session, labId = 'directory-app', region = session.target.region): ConvergingStep {
  const events: LabEvent[] = [];
  const stepEnd = new Map<string, () => Promise<void>>();
  const plain = clientConfigFor(session.target, region);
  const env: ConvergeEnv = {
    labId,
    account: session.account,
    region,
    partition: partitionOf(region),
    isLocal: session.target.name !== 'aws',
    clients: createClients(plain),
    once: createClients(onceConfig(plain)),
    report: (action, what) => void events.push({ type: 'resource', lab: labId, step: 1, action, ...what }),
    say: (message) => void events.push({ type: 'say', lab: labId, step: 1, message }),
    stepEnd,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))),
  };
  const target = { ...session.target, region };
  const ctx = createContext({ target, lab: { id: labId, region: 'target' }, account: session.account, sink: (event) => void events.push(event), hooks: { intercept: convergeInterceptor(rulesFor, env) } });
  return {
    ctx,
    events,
    actions: () => events.flatMap((e) => (e.type === 'resource' ? [`${e.action} ${e.kind} ${e.name}${e.detail ? `: ${e.detail}` : ''}`] : [])),
    async step(body) {
      stepEnd.clear();
      const result = await body(ctx);
      for (const work of stepEnd.values()) await work();
      return result;
    },
  };
}
