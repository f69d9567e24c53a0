// `lab run <id> [--solution]`: the steps, shown one by one; on AWS only after a confirmation.
import { confirmSpend } from '../confirm.js';
import { labRegion } from '../context.js';
import { assertKnownLab, loadLab } from '../registry.js';
import { terminalReporter } from '../report/terminal.js';
import { runLab } from '../run.js';
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
  const result = await runLab({ labId, session: s, solution: o.solution, sink: terminalReporter(), options: o.email ? { email: o.email } : {} });
  if (result.outcome !== 'completed') process.exitCode = 1;
}
