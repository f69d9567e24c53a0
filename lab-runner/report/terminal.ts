// Renders lab events on a terminal: each step's title, its aws CLI command, and its result with its duration.
import ora, { type Ora } from 'ora';
import type { EventSink, LabEvent } from '../events.js';
import { colour as c, interactive } from './style.js';

export function terminalReporter(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): EventSink {
  let total = 0;
  let spinner: Ora | undefined;
  const stopSpinner = () => {
    spinner?.stop();
    spinner = undefined;
  };
  return (event: LabEvent) => {
    switch (event.type) {
      case 'lab-start':
        total = event.steps;
        write(c.bold(`${event.lab} — ${event.title}${event.solution ? c.dim(' (solution)') : ''}`));
        write(c.dim(`${event.target} · account ${event.account} · region ${event.region}`));
        break;
      case 'start':
        write('');
        write(`${c.bold(`${event.step}/${total}`)} ${event.title}`);
        write(c.dim(`    $ ${event.command}`));
        if (interactive) spinner = ora({ text: 'working…', indent: 4 }).start();
        break;
      case 'output':
        stopSpinner();
        write(`    ${event.message}`);
        break;
      case 'ok':
        stopSpinner();
        write(`    ${c.green('✓')} done ${c.dim(`in ${event.ms} ms`)}`);
        break;
      case 'fail':
        stopSpinner();
        write(`    ${c.red('✗')} ${c.red(`${event.error.code}: ${event.error.message}`)} ${c.dim(`after ${event.ms} ms`)}`);
        write(`    ${c.yellow('→')} ${event.error.advice}`);
        break;
      case 'todo':
        stopSpinner();
        write(`    ${c.yellow('✎')} Step ${event.step} is yours to write: ${c.bold(`${event.file}:${event.line}`)} — ${event.text}`);
        write(c.dim(`    Stuck? npx lab hint ${event.lab} ${event.step}`));
        break;
      case 'lab-end':
        stopSpinner();
        if (event.completed) write(`\n${c.green('All steps done.')} Now check it: npx lab check ${event.lab}`);
        break;
    }
  };
}
