// `lab hint <id> [step]`: the goal and every step's hint, or one step's (by number or id).
import { labEntry } from '../catalogue/read.js';
import { UserError } from '../errors.js';
import { colour as c } from '../report/style.js';
import { out } from './out.js';

export async function hint(labId: string, step?: string): Promise<void> {
  const lab = labEntry(labId);
  const index = step === undefined ? -1 : /^\d+$/.test(step) ? Number(step) - 1 : lab.steps.findIndex((s) => s.id === step);
  if (step !== undefined && !lab.steps[index]) {
    throw new UserError(`Lab ${labId} has no step "${step}".`, `Its steps are 1 to ${lab.steps.length}: ${lab.steps.map((s) => s.id).join(', ')}.`);
  }
  if (step === undefined) out(`${c.bold(lab.title)}\n${lab.goal}\n${lab.localNote ? `\n${c.yellow('LocalStack:')} ${lab.localNote}\n` : ''}`);
  const numbers = step === undefined ? lab.steps.map((_, i) => i) : [index];
  for (const i of numbers) {
    const s = lab.steps[i];
    if (s) out(`${c.bold(`${i + 1}. ${s.title}`)}\n   ${c.dim(`$ ${s.command}`)}\n   ${s.hint}`);
  }
}
