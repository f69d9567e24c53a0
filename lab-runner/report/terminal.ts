// Renders lab events on a terminal: each step's title, its aws CLI command, what happened to each resource, and its
// result; a stop at a TODO or an error shows the student's code around the line.
import type { Ora } from 'ora';
import type { CodeProblem } from '../compile/frame.js';
import type { CodeLocation, EventSink, LabEvent, ResourceAction } from '../events.js';
import type { RunResult } from '../execute/protocol.js';
import { colour as c, interactive } from './style.js';

export interface ReporterOptions {
  write?: (line: string) => void;
  /** The target flags the command was given, repeated in follow-up advice. */
  flags?: string;
}

const MARKS: Record<ResourceAction, string> = { created: '+', reused: '=', updated: '~', replaced: '±', removed: '-' };

export function terminalReporter({ write = (line) => process.stdout.write(`${line}\n`), flags = '' }: ReporterOptions = {}): EventSink {
  let total = 0;
  let spinner: Ora | undefined;
  let spinnerModule: Promise<typeof import('ora')> | undefined;
  const stopSpinner = () => {
    spinner?.stop();
    spinner = undefined;
  };
  const startSpinner = () => {
    if (!interactive) return;
    spinnerModule ??= import('ora');
    void spinnerModule.then(({ default: ora }) => {
      spinner ??= ora({ text: 'working…', indent: 4 }).start();
    });
  };
  const line = (text: string) => {
    stopSpinner();
    write(text);
  };
  return (event: LabEvent) => {
    switch (event.type) {
      case 'lab-start':
        total = event.steps;
        line(c.bold(`${event.lab} — ${event.title}${event.solution ? c.dim(' (solution)') : ''}`));
        line(c.dim(`${event.target} · account ${event.account} · region ${event.region}`));
        break;
      case 'start':
        line('');
        line(`${c.bold(`${event.step}/${total}`)} ${event.title}`);
        line(c.dim(`    $ ${event.command}`));
        startSpinner();
        break;
      case 'say':
        line(`    ${event.message}`);
        break;
      case 'output':
        line(`    ${event.name}: ${c.cyan(event.value)}`);
        break;
      case 'resource':
        line(`    ${c.cyan(MARKS[event.action])} ${event.action} ${event.kind} ${c.bold(event.name)}${event.id && event.id !== event.name ? c.dim(` (${event.id})`) : ''}${event.detail ? `: ${event.detail}` : ''}`);
        break;
      case 'log':
        line(c.dim(`    │ ${event.text}`));
        break;
      case 'ok':
        line(`    ${c.green('✓')} done ${c.dim(`in ${event.ms} ms`)}`);
        break;
      case 'fail':
        line(`    ${c.red('✗')} ${c.red(`${event.error.code}: ${event.error.message}`)} ${c.dim(`after ${event.ms} ms`)}`);
        if (event.at) frame(event.at, line);
        line(`    ${c.yellow('→')} ${event.error.advice}`);
        break;
      case 'todo':
        line(`    ${c.yellow('✎')} Step ${event.step} is yours to write: ${c.bold(`${event.at.file}:${event.at.line}:${event.at.column}`)} — ${event.text}`);
        frame(event.at, line, false);
        line(`    ${c.yellow('Hint:')} ${event.hint}`);
        line(c.dim(`    Stuck? npx lab hint ${event.lab} ${event.step}`));
        break;
      case 'lab-end':
        stopSpinner();
        if (event.completed) write(`\n${c.green('All steps done.')} Now check it: npx lab check ${event.lab}${flags}`);
        break;
    }
  };
}

function frame(at: CodeLocation, line: (text: string) => void, named = true): void {
  if (!at.frame) return;
  if (named) line(c.dim(`    ${at.file}:${at.line}:${at.column}`));
  for (const row of at.frame.split('\n')) line(`    ${row}`);
}

/** The student's code did not compile or type-check: each problem as the compiler shows it, with its frame. */
export function problemsText(lab: string, result: Extract<RunResult, { outcome: 'invalid' }>): string {
  const what = result.stage === 'syntax' ? 'does not compile' : `has ${result.problems.length === 1 ? 'a type error' : `${result.problems.length} type errors`}`;
  const lines = [`\n${c.red('✗')} Your code for ${lab} ${what}, so nothing ran:`];
  for (const problem of result.problems) lines.push(...problemLines(problem));
  lines.push(result.stage === 'types' ? c.dim('Fix them and run again (or add --no-typecheck to run anyway).') : c.dim('Fix it and run again.'));
  return lines.join('\n');
}

function problemLines({ at, message, code }: CodeProblem): string[] {
  const head = `${c.bold(`${at.file}:${at.line}:${at.column}`)} - ${c.red('error')}${code ? c.dim(` ${code}`) : ''}: ${message}`;
  return ['', head, ...(at.frame ? at.frame.split('\n').map((row) => `  ${row}`) : [])];
}
