// `lab run <id|all> [--solution]`: the steps, shown one by one; on AWS only after a confirmation. Ctrl-C stops the
// lab's process at once, even in the middle of a loop, and leaves what was made for the next run to reuse.
import type { SpareChild } from '../execute/spare-child.js';
import type { RunResult } from '../execute/protocol.js';
import { problemsText, terminalReporter } from '../report/terminal.js';
import { runLabs } from '../service/run.js';
import { type CommonOptions, session, targetFlags, terminalCaller } from './common.js';
import { out } from './out.js';
import type { Session } from '../session.js';

export interface RunCommandOptions extends CommonOptions {
  solution?: boolean;
  email?: string;
  replaceInstance?: boolean;
  typecheck?: boolean;
}

/** `spare`: the first lab's process, started by the caller as early as it could (see spare-child.ts). */
export async function run(which: string, o: RunCommandOptions, spare?: SpareChild): Promise<void> {
  try {
    await runIn(await session(o), which, o, spare);
  } finally {
    spare?.dispose();
  }
}

async function runIn(s: Session, which: string, o: RunCommandOptions, spare: SpareChild | undefined): Promise<void> {
  const stop = new AbortController();
  const onCtrlC = () => stop.abort();
  process.on('SIGINT', onCtrlC);
  try {
    const flags = targetFlags(o);
    const caller = terminalCaller(s, o, { sink: terminalReporter({ flags }), signal: stop.signal });
    const options = { ...(o.email ? { email: o.email } : {}), ...(o.replaceInstance ? { 'replace-instance': 'yes' } : {}) };
    const runs = await runLabs({ which, solution: Boolean(o.solution), options, typecheck: o.typecheck !== false }, caller, spare);
    const last = runs[runs.length - 1];
    if (!last) return;
    if (last.result.outcome === 'invalid') out(problemsText(last.lab, last.result));
    if (last.result.outcome === 'stopped' && last.result.reason === 'cancelled') {
      out(`\n    Stopped during step ${last.result.step}. What it made is tagged workbook:lab=${last.lab}: run the lab again to continue, or \`npx lab reset ${last.lab}${flags}\`.`);
      process.exitCode = 130;
      return;
    }
    // A target that stopped answering is a command that could not run (exit 2), said in one line on stderr too.
    if (last.result.outcome === 'failed' && last.result.lost) {
      process.stderr.write(`✗ ${last.result.error.message}\n  ${last.result.error.advice}\n`);
      process.exitCode = 2;
      return;
    }
    if (!completed(last.result)) process.exitCode = 1;
  } finally {
    process.off('SIGINT', onCtrlC);
  }
}

function completed(result: RunResult): boolean {
  return result.outcome === 'completed';
}
