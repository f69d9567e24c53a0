// The process that runs a lab's code: given one job by the runner (executor.ts), it imports the freshly compiled lab
// or checks, runs them, reports every event as it happens, and exits. The runner can stop it at any moment, even in
// the middle of an endless loop, because it is a process of its own.
import { pathToFileURL } from 'node:url';
import { describeError, isConnectionError } from '../aws-errors.js';
import { clientConfigFor, createClients, loadServices, onceConfig, type RetryNotice } from '../clients.js';
import { studentFrame } from '../compile/stack.js';
import { createContext, type LabContext } from '../context.js';
import { convergeInterceptor, type ConvergeEnv } from '../converge/interceptor.js';
import type { EventSink, LabEvent } from '../events.js';
import { type Check, isLabProblem, isTodo, type Lab, type Step } from '../lab.js';
import { rulesFor } from '../resources/index.js';
import { sessionFromData } from '../session.js';
import type { LabEntry } from '../catalogue/schema.js';
import { type CheckReport, type ChildMessage, type Job, type Preload, type RunResult, servicesOfLabs } from './protocol.js';

/** A step with no time limit of its own gets five minutes: enough for a real account's waiters in most steps. */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 300;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const sink: EventSink = (event: LabEvent) => void send({ type: 'event', event });

// A run is one job, then the process ends. Checks may come one job after another (a class being graded): the
// process stays, its SDK loaded, until the runner lets it go.
process.on('message', (job: Job | Preload) => {
  if (job.kind === 'preload') {
    // Loaded again (from the cache) when the job comes; a package that fails to load fails the job, said there.
    void loadServices(job.services).catch(() => undefined);
    return;
  }
  // A run's process lives for its steps alone: a step that awaits what never comes must leave it with nothing to do
  // (and `beforeExit` to say so), not kept alive by the channel to the runner.
  if (job.kind === 'run') process.channel?.unref();
  void handle(job)
    .then(
      (message) => send(message),
      (error: unknown) => send({ type: 'broken', error: describeError(error), at: studentFrame((error as Error)?.stack) }),
    )
    .then(() => {
      if (job.kind === 'run' || !job.stay) process.exit(0);
    });
});
process.on('disconnect', () => process.exit(0));

async function handle(job: Job): Promise<ChildMessage> {
  if (job.kind === 'run') return { type: 'ran', result: await runSteps(job) };
  return { type: 'checked', labs: await runAllChecks(job) };
}

async function importDefault<T>(file: string): Promise<T> {
  return ((await import(pathToFileURL(file).href)) as { default: T }).default;
}

/** The SDK packages the labs say they call, and STS (every lab may ask who it is). */
function servicesOf(labs: LabEntry[]): Promise<void> {
  return loadServices(servicesOfLabs(labs));
}

async function runSteps(job: Extract<Job, { kind: 'run' }>): Promise<RunResult> {
  const [lab] = await Promise.all([importDefault<Lab>(job.module), servicesOf([job.lab])]);
  if (!lab || !Array.isArray(lab.steps)) throw new Error(`${job.solution ? 'solutions' : 'labs'}/${job.lab.id}/lab.ts does not export a lab made with defineLab() as its default.`);
  const session = sessionFromData(job.session);
  let current = 0;
  const stepEnd = new Map<string, () => Promise<void>>();
  const region = job.lab.region === 'target' ? session.target.region : job.lab.region.fixed;
  const plain = clientConfigFor(session.target, region);
  // Every client of the run, those that send once included, says when a call got through only after retries.
  const sayRetried: RetryNotice = (call, retries, waitedMs) => env.say(`${call} was retried ${retries}× (the service was busy or throttling); waited ${waitedMs} ms in all`);
  const env: ConvergeEnv = {
    labId: job.lab.id,
    account: session.account,
    region,
    partition: '',
    isLocal: session.target.name !== 'aws',
    clients: createClients(plain),
    once: createClients(onceConfig(plain), { onRetry: sayRetried }),
    report: (action, what) => sink({ type: 'resource', lab: job.lab.id, step: current, action, ...what }),
    say: (message) => sink({ type: 'say', lab: job.lab.id, step: current, message }),
    stepEnd,
  };
  const ctx: LabContext = createContext({
    target: session.target,
    lab: job.lab,
    account: session.account,
    sink,
    options: job.options,
    currentStep: () => current,
    hooks: {
      intercept: convergeInterceptor(rulesFor, env),
      onRetry: sayRetried,
    },
  });
  env.partition = ctx.partition;
  // A step awaiting a promise nothing will ever settle leaves the process with nothing to do: say so, not "exited".
  process.once('beforeExit', () => {
    if (current === 0) return;
    const error = { code: 'StepNeverFinished', message: `Step ${current} waits for something that can never happen: a promise nothing resolves.`, advice: 'Look for a missing resolve() or an await on something that is never done.' };
    sink({ type: 'fail', lab: job.lab.id, step: current, title: lab.steps[current - 1]?.title ?? '', ms: 0, error });
    sink({ type: 'lab-end', lab: job.lab.id, completed: false });
    void send({ type: 'ran', result: { outcome: 'failed', step: current, error } }).then(() => process.exit(0));
  });
  sink({ type: 'lab-start', lab: job.lab.id, title: lab.title, target: session.target.label, account: session.account, region: ctx.region, steps: lab.steps.length, solution: job.solution });
  for (const [index, step] of lab.steps.entries()) {
    current = index + 1;
    stepEnd.clear();
    sink({ type: 'start', lab: job.lab.id, step: current, id: step.id, title: step.title, command: step.command, timeoutMs: (step.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS) * 1000 });
    const started = performance.now();
    try {
      await step.run(ctx);
      for (const work of stepEnd.values()) await work();
    } catch (error) {
      const result = stopped(job, step, current, Math.round(performance.now() - started), error, session.target.endpoint);
      current = 0;
      sink({ type: 'lab-end', lab: job.lab.id, completed: false });
      return result;
    }
    sink({ type: 'ok', lab: job.lab.id, step: current, title: step.title, ms: Math.round(performance.now() - started) });
  }
  sink({ type: 'lab-end', lab: job.lab.id, completed: true });
  current = 0;
  return { outcome: 'completed', outputs: Object.fromEntries(Object.entries({ ...ctx.outputs }).map(([k, v]) => [k, String(v)])) };
}

function stopped(job: Extract<Job, { kind: 'run' }>, step: Step, number: number, ms: number, error: unknown, endpoint: string | undefined): RunResult {
  const stack = error instanceof Error ? error.stack : undefined;
  // A lab's own problem is about the cloud, not the student's code: no frame. A runner problem points at the call.
  const at = isLabProblem(error) && !error.atCall ? undefined : studentFrame(stack);
  if (isTodo(error) && at) {
    sink({ type: 'todo', lab: job.lab.id, step: number, title: step.title, text: error.text, hint: step.hint, at });
    return { outcome: 'todo', step: number, text: error.text, hint: step.hint, at };
  }
  const info = describeError(error);
  const lost = isConnectionError(error);
  const shown = lost ? { ...info, message: `${endpoint ?? 'AWS'} stopped answering (${info.code}): ${info.message}`, advice: 'Check that it is running (`npx lab status`), then run the lab again: what was made is reused.' } : info;
  if (process.env.LAB_DEBUG && stack) shown.message += `\n${stack}`;
  sink({ type: 'fail', lab: job.lab.id, step: number, title: step.title, ms, error: shown, ...(at && !lost ? { at } : {}) });
  return { outcome: 'failed', step: number, error: shown, ...(at && !lost ? { at } : {}), ...(lost ? { lost } : {}) };
}

/** Every lab's checks in this one process (`lab check all` loads the SDK once), lab after lab. */
async function runAllChecks(job: Extract<Job, { kind: 'check' }>): Promise<{ lab: string; checks: CheckReport[] }[]> {
  await servicesOf(job.labs.map((l) => l.lab));
  const results: { lab: string; checks: CheckReport[] }[] = [];
  for (const { lab, module } of job.labs) results.push({ lab: lab.id, checks: await runChecks(lab, module, job) });
  return results;
}

async function runChecks(lab: LabEntry, module: string, job: Extract<Job, { kind: 'check' }>): Promise<CheckReport[]> {
  const checks = await importDefault<Check[]>(module);
  if (!Array.isArray(checks)) throw new Error(`labs/${lab.id}/checks.ts does not export its checks (defineChecks([...])) as its default.`);
  const session = sessionFromData(job.session);
  const ctx = createContext({ target: session.target, lab, account: session.account, options: job.writes ? { writes: 'yes' } : {} });
  // Checks only read, so they run side by side.
  return Promise.all(checks.map((check) => runCheck(check, ctx)));
}

async function runCheck(check: Check, ctx: LabContext): Promise<CheckReport> {
  const base = { id: check.id, title: check.title };
  try {
    return { ...base, ...(await check.run(ctx)) };
  } catch (error) {
    const info = describeError(error);
    if (isConnectionError(error)) return { ...base, passed: false, unreachable: true, detail: `could not reach ${ctx.target.endpoint ?? 'AWS'}: ${info.code}` };
    // A resource that is missing answers with an error: for a check that is a plain fail, said in words.
    return { ...base, passed: false, detail: `${info.code}: ${info.message}` };
  }
}
