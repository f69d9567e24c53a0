// Runs one job (a lab's steps, or its checks) in a process of its own (child.ts) and relays what it reports. The caller
// can stop it at any time (Ctrl-C, the page's Stop button, a closed browser tab); a step that runs past its time
// limit is stopped too. The child is killed, not asked: an endless loop in a step cannot ignore that.
import { type ChildProcess, fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EventSink } from '../events.js';
import { runnerProgram } from '../paths.js';
import type { ServiceName } from '../clients.js';
import type { ChildMessage, Job, Preload } from './protocol.js';

export interface ExecuteOptions {
  sink?: EventSink;
  signal?: AbortSignal;
  /** A process started for this job ahead of it (see spare-child.ts); otherwise one is started now. */
  child?: ChildProcess;
}

export type JobOutcome = Exclude<ChildMessage, { type: 'event' }>;

/** How long a killed child gets to go before it is killed without asking. */
const GRACE_MS = 1_000;

/**
 * Starts a process for lab code. Its output is piped (a run's log), or ignored (a checking worker's). Given the
 * services a job will call, it loads their SDK packages at once, before the job comes.
 */
export function startChild({ output = 'pipe', services = [] }: { output?: 'pipe' | 'ignore'; services?: readonly ServiceName[] } = {}): ChildProcess {
  const program = runnerProgram('child');
  const child = fork(program.args[program.args.length - 1] ?? '', [], {
    execArgv: program.args.slice(0, -1),
    serialization: 'advanced',
    // The pinned SDK supports Node 20; its notice about later releases is noise in a student's run log.
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', output, output === 'pipe' ? 'pipe' : 'inherit', 'ipc'],
  });
  child.on('error', () => undefined);
  if (services.length > 0) child.send({ kind: 'preload', services } satisfies Preload, () => undefined);
  return child;
}

export function execute(job: Job, { sink = () => {}, signal, child = startChild() }: ExecuteOptions = {}): Promise<JobOutcome> {
  const lab = job.lab.id;
  let step = 0;
  let timer: NodeJS.Timeout | undefined;
  let stoppedFor: 'cancelled' | 'timeout' | undefined;

  // What the student's code prints goes to the run's log, under the step it belongs to.
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (text) => sink({ type: 'log', lab, step, text }));
  }

  return new Promise<JobOutcome>((resolve) => {
    let outcome: JobOutcome | undefined;
    const stop = (why: 'cancelled' | 'timeout') => {
      if (stoppedFor || outcome) return;
      stoppedFor = why;
      kill(child);
    };
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();

    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'event') {
        outcome = message;
        return;
      }
      const { event } = message;
      if (stoppedFor) return;
      if (event.type === 'start') {
        step = event.step;
        clearTimeout(timer);
        timer = setTimeout(() => {
          sink({
            type: 'fail',
            lab,
            step: event.step,
            title: event.title,
            ms: event.timeoutMs,
            error: { code: 'StepTimeout', message: `Step ${event.step} did not finish within ${event.timeoutMs / 1000} s, its time limit, so it was stopped.`, advice: 'Look for a loop that never ends or a wait that never comes true, then run the lab again: what was made is reused.' },
          });
          stop('timeout');
        }, event.timeoutMs);
      }
      if (event.type === 'ok' || event.type === 'fail' || event.type === 'todo') clearTimeout(timer);
      sink(event);
    });

    child.on('exit', (code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (outcome && !stoppedFor) return resolve(outcome);
      if (stoppedFor) {
        if (job.kind === 'run') sink({ type: 'lab-end', lab, completed: false });
        return resolve(job.kind === 'run' ? { type: 'ran', result: { outcome: 'stopped', step, reason: stoppedFor } } : stoppedChecks(stoppedFor));
      }
      const how = exitSignal ? `was killed (${exitSignal})` : `exited with code ${code}`;
      resolve({ type: 'broken', error: { code: 'LabProcessEnded', message: `The process running the lab ${how} before it finished.`, advice: 'If the lab calls process.exit() or runs out of memory, that ends it; otherwise run it again.' } });
    });
    // A run stopped before it began (its page went away) has no child to talk to: the exit above settles it.
    if (!stoppedFor) child.send(job, (error) => (error ? stop('cancelled') : undefined));
  });
}

function stoppedChecks(why: 'cancelled' | 'timeout'): JobOutcome {
  return { type: 'broken', error: { code: why === 'timeout' ? 'CheckTimeout' : 'Cancelled', message: why === 'timeout' ? 'The checks did not finish in time.' : 'The checks were stopped.', advice: '' } };
}

function kill(child: ChildProcess): void {
  child.kill('SIGTERM');
  const hard = setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
  child.once('exit', () => clearTimeout(hard));
}
