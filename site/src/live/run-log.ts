// A run's step events folded into what the page shows: one entry per step, with its outputs and how it ended.
import type { AwsErrorInfo, CodeLocation, ResourceAction, RunKind, RunResult, StreamLine } from './types.js';

export interface StepView {
  step: number;
  title: string;
  command: string;
  state: 'running' | 'ok' | 'fail' | 'todo';
  /** What the step said (`text`), a value it recorded for later steps (`name`: `text`), what happened to a resource. */
  outputs: { name?: string; text: string; action?: ResourceAction }[];
  ms?: number;
  error?: AwsErrorInfo;
  /** Where a failure happened in the student's code. */
  at?: CodeLocation;
  todo?: { text: string; hint: string; at: CodeLocation };
}

export interface RunLog {
  kind: RunKind;
  /** Steps in the lab, from its lab-start event; 0 until then. */
  total: number;
  steps: StepView[];
  result?: RunResult;
  /** The run could not go on (the target stopped answering, the lab is already running…), and what to do. */
  error?: { message: string; advice: string };
}

export function newRunLog(kind: RunKind): RunLog {
  return { kind, total: 0, steps: [] };
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
      stepOf(log, line.step)?.outputs.push({ text: line.message });
      return undefined;
    case 'log':
      stepOf(log, line.step)?.outputs.push({ text: line.text });
      return undefined;
    case 'output':
      stepOf(log, line.step)?.outputs.push({ name: line.name, text: line.value });
      return undefined;
    case 'resource':
      stepOf(log, line.step)?.outputs.push({ action: line.action, text: `${line.action} ${line.kind} ${line.name}${line.detail ? `: ${line.detail}` : ''}` });
      return undefined;
    case 'ok':
      update(log, line.step, { state: 'ok', ms: line.ms });
      return undefined;
    case 'fail':
      update(log, line.step, { state: 'fail', ms: line.ms, error: line.error, ...(line.at ? { at: line.at } : {}) });
      return undefined;
    case 'todo':
      update(log, line.step, { state: 'todo', todo: { text: line.text, hint: line.hint, at: line.at } });
      return undefined;
    case 'lab-end':
      return undefined;
    case 'result':
      log.result = line.result;
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

function update(log: RunLog, step: number, patch: Partial<StepView>): void {
  const view = stepOf(log, step);
  if (view) Object.assign(view, patch);
}

export function todoText(step: number, at: CodeLocation, text: string): string {
  return `Step ${step} is yours to write: ${at.file}:${at.line} — ${text}`;
}

function resultText(log: RunLog, result: RunResult): string {
  switch (result.outcome) {
    case 'completed':
      return `Done: ${log.total} of ${log.total} steps ran. Now press Check.`;
    case 'todo':
      return todoText(result.step, result.at, result.text);
    case 'failed':
      return `Step ${result.step} of ${log.total} failed: ${result.error.code}: ${result.error.message}`;
    case 'stopped':
      return `Stopped during step ${result.step}${result.reason === 'timeout' ? ': it ran past its time limit' : ''}. What it made is kept: run again to continue.`;
    case 'invalid': {
      const first = result.problems[0];
      const where = first ? ` ${first.at.file}:${first.at.line}: ${first.message}` : '';
      return result.stage === 'syntax' ? `Your code does not compile, so nothing ran:${where}` : `Your code has type errors, so nothing ran:${where}`;
    }
  }
}

/** "1.2 s", "340 ms". */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
