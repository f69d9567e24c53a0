// A process for a command's first job, started as soon as the command knows its labs: it loads their SDK packages
// (a third of a second) while the runner opens the session, takes the lab's lock and compiles the code.
import type { ChildProcess } from 'node:child_process';
import { labsFor, readCatalogue } from '../catalogue/read.js';
import type { LabEntry } from '../catalogue/schema.js';
import { startChild } from './executor.js';
import { servicesOfLabs } from './protocol.js';

export class SpareChild {
  private child?: ChildProcess;

  /** `labs`: those the first job runs or checks. */
  constructor(labs: readonly LabEntry[]) {
    this.child = startChild({ services: servicesOfLabs(labs) });
  }

  /** The process, for the first job, once; none if it has ended meanwhile (the job then starts another). */
  take(): ChildProcess | undefined {
    const child = this.child;
    this.child = undefined;
    return child && child.exitCode === null && child.signalCode === null ? child : undefined;
  }

  /** Stops the process if no job took it (the session failed, a prerequisite was missing…). */
  dispose(): void {
    this.child?.kill();
    this.child = undefined;
  }
}

/** For `lab run <which>`: a process for its first lab; none for a name that is not a lab (the run says so). */
export function spareForRun(which: string): SpareChild | undefined {
  try {
    const [first] = labsFor(which, readCatalogue());
    return first ? new SpareChild([first]) : undefined;
  } catch {
    return undefined;
  }
}
