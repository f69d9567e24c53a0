// A run's step events folded into what the page shows: one entry per step, with its outputs and how it ended.
import type { AwsErrorInfo, RunKind, RunResult, StreamLine } from './types.js';

export interface StepView {
  step: number;
  title: string;
  command: string;
  state: 'running' | 'ok' | 'fail' | 'todo';
  /** What the step said (`text`), or a value it recorded for later steps (`name`: `text`). */
  outputs: { name?: string; text: string }[];
  ms?: number;
  error?: AwsErrorInfo;
  todo?: { file: string; line: number; text: string };
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
    case 'output':
      stepOf(log, line.step)?.outputs.push(outputOf(line.name, line.message));
      return undefined;
    case 'ok':
      update(log, line.step, { state: 'ok', ms: line.ms });
      return undefined;
    case 'fail':
      update(log, line.step, { state: 'fail', ms: line.ms, error: line.error });
      return undefined;
    case 'todo':
      update(log, line.step, { state: 'todo', todo: { file: line.file, line: line.line, text: line.text } });
      return undefined;
    case 'lab-end':
      return undefined;
    case 'result':
      log.result = line.result;
      return resultText(log, line.result);
    case 'error':
      log.error = { message: line.message, advice: line.advice ?? '' };
      for (const step of log.steps) if (step.state === 'running') step.state = 'fail';
      return `The run stopped: ${line.message}`;
  }
}

function stepOf(log: RunLog, step: number): StepView | undefined {
  return log.steps.find((s) => s.step === step);
}

/** A recorded output's message starts with its name ("topic: arn:…"); the page shows the name apart. */
function outputOf(name: string | undefined, message: string): StepView['outputs'][number] {
  return name && message.startsWith(`${name}: `) ? { name, text: message.slice(name.length + 2) } : { text: message };
}

function update(log: RunLog, step: number, patch: Partial<StepView>): void {
  const view = stepOf(log, step);
  if (view) Object.assign(view, patch);
}

export function todoText(step: number, file: string, line: number, text: string): string {
  return `Step ${step} is yours to write: ${file}:${line} — ${text}`;
}

function resultText(log: RunLog, result: RunResult): string {
  if (result.outcome === 'completed') return `Done: ${log.total} of ${log.total} steps ran. Now press Check.`;
  if (result.outcome === 'todo') return todoText(result.step, result.file, result.line, result.text);
  return `Step ${result.step} of ${log.total} failed: ${result.code}: ${result.message}`;
}

/** "1.2 s", "340 ms". */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
