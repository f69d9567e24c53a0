// Processes that check one account after another: grading a class pays for loading the SDK once per worker, not once
// per student. Each worker takes one check job at a time; a worker that breaks is replaced.
import type { ChildProcess } from 'node:child_process';
import type { ChildMessage, Job } from './protocol.js';
import { type JobOutcome, startChild } from './executor.js';

type CheckJob = Extract<Job, { kind: 'check' }>;

export class CheckWorkers {
  private readonly idle: ChildProcess[] = [];
  private readonly all = new Set<ChildProcess>();

  /** Checks the job's labs for its account in a free worker (a new one when none is free). */
  async check(job: CheckJob): Promise<JobOutcome> {
    const child = this.idle.pop() ?? this.start();
    try {
      const outcome = await answerOf(child, { ...job, stay: true });
      if (outcome.type === 'broken') this.retire(child);
      else this.idle.push(child);
      return outcome;
    } catch (error) {
      this.retire(child);
      throw error;
    }
  }

  close(): void {
    for (const child of this.all) child.disconnect();
    this.all.clear();
    this.idle.length = 0;
  }

  private start(): ChildProcess {
    const child = startChild({ output: 'ignore' });
    this.all.add(child);
    return child;
  }

  private retire(child: ChildProcess): void {
    this.all.delete(child);
    child.kill();
  }
}

function answerOf(child: ChildProcess, job: CheckJob): Promise<JobOutcome> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'event') return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`The checking process ended (code ${code}) before it answered.`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(job);
  });
}
