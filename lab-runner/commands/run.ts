// `lab run <id|all> [--solution]`: the steps, shown one by one; on AWS only after a confirmation.
import { confirmSpend } from '../confirm.js';
import { labRegion } from '../context.js';
import type { EventSink } from '../events.js';
import { loadLab } from '../registry.js';
import { terminalReporter } from '../report/terminal.js';
import { runLab, targetKey } from '../run.js';
import type { Session } from '../session.js';
import { recordStatus } from '../state.js';
import { type CommonOptions, idsFor, session } from './common.js';

export interface RunCommandOptions extends CommonOptions {
  solution?: boolean;
  email?: string;
}

/** `all` runs every lab in lesson order and stops at the first that does not complete. */
export async function run(which: string, o: RunCommandOptions): Promise<void> {
  const ids = await idsFor(which);
  const s = await session(o);
  const labs = await Promise.all(ids.map(async (id) => loadLab(id, Boolean(o.solution))));
  await confirmSpend(s, labs.map((lab) => ({ lab, region: labRegion(lab, s.target) })), Boolean(o.yes));
  const report = terminalReporter();
  let current = { labId: ids[0], step: 0 };
  const stopOnCtrlC = () => interrupted(s, current.labId, current.step);
  process.once('SIGINT', stopOnCtrlC);
  try {
    const sink: EventSink = (event) => {
      if (event.type === 'start') current = { labId: event.lab, step: event.step };
      report(event);
    };
    for (const labId of ids) {
      const result = await runLab({ labId, session: s, solution: o.solution, sink, options: o.email ? { email: o.email } : {} });
      if (result.outcome !== 'completed') return void (process.exitCode = 1);
    }
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
