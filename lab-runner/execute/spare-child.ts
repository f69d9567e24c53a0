// A process started for the first lab of `lab run` as soon as the command is known: it loads the lab's SDK packages
// (a third of a second) while the runner opens the session, takes the lab's lock and compiles the code.
import type { ChildProcess } from 'node:child_process';
import { labsFor, readCatalogue } from '../catalogue/read.js';
import type { LabEntry } from '../catalogue/schema.js';
import { startChild } from './executor.js';
import { servicesOfLabs } from './protocol.js';

export class SpareChild {
  private child?: ChildProcess;
  private readonly labId: string;

  constructor(lab: LabEntry) {
    this.labId = lab.id;
    this.child = startChild({ services: servicesOfLabs([lab]) });
  }

  /** The process, for a job of its lab, once; none if it has ended meanwhile (the job then starts another). */
  take(labId: string): ChildProcess | undefined {
    const child = this.child;
    if (labId !== this.labId || !child) return undefined;
    this.child = undefined;
    return child.exitCode === null && child.signalCode === null ? child : undefined;
  }

  /** Stops the process if no job took it (the session failed, a prerequisite was missing…). */
  dispose(): void {
    this.child?.kill();
    this.child = undefined;
  }
}

/** A process for the first lab `which` names; none for a name that is not a lab (the run says so). */
export function spareChildFor(which: string): SpareChild | undefined {
  try {
    const [first] = labsFor(which, readCatalogue());
    return first ? new SpareChild(first) : undefined;
  } catch {
    return undefined;
  }
}
