// The lab model: what a lab, a step and a check are. Labs and checks import only from here and lab-runner/kit/.
import type { LabContext } from './context.js';

export type { LabContext } from './context.js';

/** Where a lab's resources live: the target's region, or one fixed region (billing metrics exist only in us-east-1). */
export type RegionRule = 'target' | { fixed: string };

/** Values a step hands to later steps (and shows the student). */
export type OutputValue = string | number | boolean;
/** The values a lab's steps hand each other, by name: an interface of OutputValues (see `defineLab`). */
export type Outputs = object;

export interface StepInfo {
  /** Stable: progress, lessons and tests key on it. */
  id: string;
  title: string;
  /** The equivalent `aws` CLI command, shown to the student before the step runs. */
  command: string;
  hint: string;
  /** How long the step may take before the runner stops it; waiters on a real account need minutes. */
  timeoutSeconds?: number;
}

export interface Step<O extends Outputs = Outputs> extends StepInfo {
  run(ctx: LabContext<O>): Promise<void>;
}

/** Everything about a lab except its code: the catalogue holds exactly this, for every lab. */
export interface LabInfo {
  id: string;
  title: string;
  /** The lessons this lab belongs to (file names without `.md`), the first one its home. */
  lessons: string[];
  /** One paragraph: what the student builds and why. */
  goal: string;
  region: RegionRule;
  /** Labs whose resources this one builds on. */
  requires: string[];
  /** What the lab costs on a real account, shown before anything is created. */
  cost: string;
  /** Where LocalStack behaves differently from AWS, said once before the steps. */
  localNote?: string;
  /** The AWS services the lab's steps and checks call, as the SDK names its clients (`ec2`, `iam`…). */
  services: string[];
  /** The kinds of resource the lab creates (see lab-runner/resources/), which `lab reset` looks for. */
  resources: string[];
}

export interface Lab<O extends Outputs = Outputs> extends LabInfo {
  steps: Step<O>[];
}

export interface CheckOutcome {
  passed: boolean;
  detail: string;
  /** Not judged (a write test while writes are off): counts neither for nor against. */
  skipped?: boolean;
}

export interface Check {
  /** Stable: graders and reports key on it. */
  id: string;
  /** A sentence a student understands. */
  title: string;
  run(ctx: LabContext): Promise<CheckOutcome>;
}

/** `O` names the values the steps hand each other: `ctx.output('queueArn', …)` with a typo does not compile. */
export function defineLab<O extends { [K in keyof O]: OutputValue } = Record<never, OutputValue>>(lab: Lab<O>): Lab<O> {
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

/** A check that did not judge, and why: e.g. a test that writes, when the checks may only read. */
export function skip(detail: string): CheckOutcome {
  return { passed: false, skipped: true, detail };
}

/** A check that passes when `ok` holds; the detail says what was seen either way. */
export function expect(ok: boolean, detail: string): CheckOutcome {
  return { passed: ok, detail };
}

/**
 * What a lab (or the runner) says when the cloud is not as a step needs it (billing alerts off, a name taken by a
 * resource the lab did not make): a code, what is wrong, and what to do. Shown without a code frame, since the fix is
 * not in the student's code, unless `atCall`: then the frame shows the student's call that met it.
 */
export class LabProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly advice: string,
    readonly atCall = false,
  ) {
    super(message);
    this.name = code;
  }
}

export function isLabProblem(error: unknown): error is LabProblem {
  return error instanceof Error && typeof (error as Partial<LabProblem>).advice === 'string' && typeof (error as Partial<LabProblem>).code === 'string';
}

/**
 * Thrown by `todo()`. The runner finds where from the stack (source-mapped to the student's file), so it is
 * recognised by its name: the lab's own copy of this module may be bundled apart from the runner's.
 */
export class TodoError extends Error {
  constructor(readonly text: string) {
    super(`TODO: ${text}`);
    this.name = 'TodoError';
  }
}

export function isTodo(error: unknown): error is TodoError {
  return error instanceof Error && error.name === 'TodoError' && typeof (error as Partial<TodoError>).text === 'string';
}

/**
 * Marks code the student must write. Stops the run at this line, which the runner shows with the hint.
 * A const without a type annotation, not a function declaration: TypeScript then does not treat the code after a
 * bare `todo('…');` as unreachable (and its names as `never`), so a starter type-checks like its solution.
 */
export const todo = (text: string): never => {
  throw new TodoError(text);
};
