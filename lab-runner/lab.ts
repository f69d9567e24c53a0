// The lab model: what a lab, a step and a check are. Labs and checks import only from here.
import type { LabContext } from './context.js';

export type { LabContext } from './context.js';

/** Where a lab's resources live: the target's region, or one fixed region (billing metrics exist only in us-east-1). */
export type RegionRule = 'target' | { fixed: string };

export interface Step {
  title: string;
  /** The equivalent `aws` CLI command, shown to the student before the step runs. */
  command: string;
  hint: string;
  run(ctx: LabContext): Promise<void>;
}

export interface Lab {
  id: string;
  title: string;
  /** The lesson file this lab belongs to, e.g. `04-billing-alarm`. */
  lesson: string;
  /** One paragraph: what the student builds and why. */
  goal: string;
  region: RegionRule;
  /** Labs whose resources this one builds on. */
  requires: string[];
  /** What the lab costs on a real account, shown before anything is created. */
  cost: string;
  /** Where LocalStack behaves differently from AWS, said once before the steps. */
  localNote?: string;
  steps: Step[];
}

export interface CheckOutcome {
  passed: boolean;
  detail: string;
}

export interface Check {
  /** Stable: graders and reports key on it. */
  id: string;
  /** A sentence a student understands. */
  title: string;
  run(ctx: LabContext): Promise<CheckOutcome>;
}

export function defineLab(lab: Lab): Lab {
  return lab;
}

export function defineChecks(checks: Check[]): Check[] {
  return checks;
}

export function pass(detail = ''): CheckOutcome {
  return { passed: true, detail };
}

export function fail(detail: string): CheckOutcome {
  return { passed: false, detail };
}

/** A check that passes when `ok` holds; the detail says what was seen either way. */
export function expect(ok: boolean, detail: string): CheckOutcome {
  return { passed: ok, detail };
}

/** Thrown by `todo()`: the runner turns it into "Step N is yours to write: file:line — text". */
export class TodoError extends Error {
  constructor(
    readonly text: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(`TODO: ${text}`);
    this.name = 'TodoError';
  }
}

/** Marks a step body the student must write. Stops the run at this line. */
export function todo(text: string): never {
  const { file, line } = callerLocation(new Error().stack ?? '');
  throw new TodoError(text, file, line);
}

function callerLocation(stack: string): { file: string; line: number } {
  // Frame 0 is this module's todo(); the first frame outside it is the lab file.
  const frames = stack.split('\n').slice(1);
  for (const frame of frames) {
    const match = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?$/.exec(frame.trim());
    if (!match) continue;
    const file = match[1].replace(/^file:\/\//, '');
    if (file.endsWith('lab-runner/lab.ts')) continue;
    return { file, line: Number(match[2]) };
  }
  return { file: 'unknown', line: 0 };
}
