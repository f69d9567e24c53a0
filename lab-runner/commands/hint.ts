// `lab hint <id> [step]`: the goal and every step's hint, or one step's.
import { UserError } from '../errors.js';
import { assertKnownLab, loadLab } from '../registry.js';
import { colour as c } from '../report/style.js';
import { out } from './out.js';

export async function hint(labId: string, step?: string): Promise<void> {
  await assertKnownLab(labId);
  const lab = await loadLab(labId);
  const numbers = step === undefined ? lab.steps.map((_, i) => i + 1) : [Number(step)];
  for (const n of numbers) {
    if (!Number.isInteger(n) || n < 1 || n > lab.steps.length) throw new UserError(`Lab ${labId} has no step "${step}".`, `Its steps are 1 to ${lab.steps.length}.`);
  }
  if (step === undefined) out(`${c.bold(lab.title)}\n${lab.goal}\n${lab.localNote ? `\n${c.yellow('LocalStack:')} ${lab.localNote}\n` : ''}`);
  for (const n of numbers) {
    const s = lab.steps[n - 1];
    out(`${c.bold(`${n}. ${s.title}`)}\n   ${c.dim(`$ ${s.command}`)}\n   ${s.hint}`);
  }
}
