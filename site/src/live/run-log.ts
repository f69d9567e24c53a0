// A run's step events folded into what the page shows: one entry per step, with its outputs and how it ended.
import type { AwsErrorInfo, CodeLocation, RunKind, RunResult, StreamLine } from './types.js';

export interface StepView {
  step: number;
  title: string;
  command: string;
  state: 'running' | 'ok' | 'fail' | 'todo' | 'stopped';
  /** What the step said (`text`), a value it recorded for later steps (`name`: `text`), what happened to a resource. */
  outputs: { name?: string; text: string }[];
  ms?: number;
  error?: AwsErrorInfo;
  /** Where a failure happened in the student's code. */
  at?: CodeLocation;
  todo?: { text: string; hint: string; at: CodeLocation };
}

export interface RunLog {
  kind: RunKind;
  /** The lab that ran: this panel's, or one it builds on. */
  lab: string;
  /** Steps in the lab, from its lab-start event; 0 until then. */
  total: number;
  steps: StepView[];
  result?: RunResult;
  /** The run could not go on (the target stopped answering, the lab is already running…), and what to do. */
  error?: { message: string; advice: string };
}

export function newRunLog(kind: RunKind, lab: string): RunLog {
  return { kind, lab, total: 0, steps: [] };
}

/** Applies one line of the stream; answers what to announce, if anything. */
export function applyLine(log: RunLog, line: StreamLine): string | undefined {
  switch (line.type) {
    case 'lab-start':
      log.total = line.steps;
      return undefined;
    case 'start':
      log.steps.push({ step: line.step, title: line.title, command: line.command, state: 'running', outputs: [] });
      return `Step ${line.step} of ${log.total}: ${line.title}`;
    case 'say':
    case 'log':
      stepOf(log, line.step)?.outputs.push({ text: line.type === 'say' ? line.message : line.text });
      return undefined;
    case 'output':
      stepOf(log, line.step)?.outputs.push({ name: line.name, text: line.value });
      return undefined;
    case 'resource':
      stepOf(log, line.step)?.outputs.push({ text: `${line.action} ${line.kind} ${line.name}${line.detail ? `: ${line.detail}` : ''}` });
      return undefined;
    // How the step ended: its time; a failure's error and place; a TODO's text, hint and place.
    case 'ok':
    case 'fail':
    case 'todo':
      Object.assign(stepOf(log, line.step) ?? {}, line.type === 'todo' ? { state: 'todo', todo: line } : { state: line.type, ...line });
      return undefined;
    case 'lab-end':
      return undefined;
    case 'result':
      log.result = line.result;
      for (const step of log.steps) if (step.state === 'running') step.state = 'stopped';
      return resultText(log, line.result);
    case 'error':
      log.error = { message: line.error, advice: line.advice ?? '' };
      for (const step of log.steps) if (step.state === 'running') step.state = 'fail';
      return `The run stopped: ${line.error}`;
  }
}

function stepOf(log: RunLog, step: number): StepView | undefined {
  return log.steps.find((s) => s.step === step);
}

function resultText(log: RunLog, result: RunResult): string {
  switch (result.outcome) {
    case 'completed':
      return `Done: ${log.total} of ${log.total} steps ran. Now press Check.`;
    // The box under the step says where and what: the live region only says that the run stopped there.
    case 'todo':
      return `Stopped at step ${result.step} of ${log.total}: it is yours to write.`;
    case 'failed':
      return `Step ${result.step} of ${log.total} failed: ${result.error.code}.`;
    case 'stopped':
      return `Stopped during step ${result.step}${result.reason === 'timeout' ? ', past its time limit' : ''}. What it made is kept.`;
    case 'invalid':
      return invalidText(result.stage);
  }
}

export function invalidText(stage: 'syntax' | 'types'): string {
  return `Your code ${stage === 'syntax' ? 'does not compile' : 'has type errors'}, so nothing ran.`;
}

/** "1.2 s", "340 ms". */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
