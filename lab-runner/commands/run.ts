// `lab run <id> [--solution]`: the steps, shown one by one; on AWS only after a confirmation.
import { confirmSpend } from '../confirm.js';
import { labRegion } from '../context.js';
import { assertKnownLab, loadLab } from '../registry.js';
import { terminalReporter } from '../report/terminal.js';
import type { EventSink } from '../events.js';
import { runLab, targetKey } from '../run.js';
import type { Session } from '../session.js';
import { recordStatus } from '../state.js';
import { type CommonOptions, session } from './common.js';

export interface RunCommandOptions extends CommonOptions {
  solution?: boolean;
  email?: string;
}

export async function run(labId: string, o: RunCommandOptions): Promise<void> {
  await assertKnownLab(labId);
  const s = await session(o);
  const lab = await loadLab(labId, Boolean(o.solution));
  await confirmSpend(s, lab, labRegion(lab, s.target), Boolean(o.yes));
  const report = terminalReporter();
  let step = 0;
  const stopOnCtrlC = () => interrupted(s, labId, step);
  process.once('SIGINT', stopOnCtrlC);
  try {
    const sink: EventSink = (event) => {
      if (event.type === 'start') step = event.step;
      report(event);
    };
    const result = await runLab({ labId, session: s, solution: o.solution, sink, options: o.email ? { email: o.email } : {} });
    if (result.outcome !== 'completed') process.exitCode = 1;
  } finally {
    process.off('SIGINT', stopOnCtrlC);
  }
}

/** Ctrl-C: whatever the step made is tagged and found by name on the next run, so stopping here loses nothing. */
function interrupted(s: Session, labId: string, step: number): never {
  recordStatus(targetKey(s), labId, { status: 'stopped', step, reason: 'interrupted' });
  process.stdout.write(`\n    Interrupted during step ${step}. What it made is tagged workbook:lab=${labId}: run the lab again to continue, or \`npx lab reset ${labId}\`.\n`);
  process.exit(130);
}
