// `lab reset <id|all>`: lists what carries the lab's tag, asks on a terminal, removes it in dependency order.
import { ask, canAsk } from '../confirm.js';
import { UserError } from '../errors.js';
import { colour as c } from '../report/style.js';
import { applyReset, planReset, type ResetPlan, type ResetResult } from '../reset.js';
import type { Session } from '../session.js';
import { type CommonOptions, idsFor, session } from './common.js';
import { out } from './out.js';

export async function reset(which: string, o: CommonOptions): Promise<void> {
  const ids = await idsFor(which);
  const s = await session(o);
  const results: ResetResult[] = [];
  // Later labs build on earlier ones: take them down in reverse.
  for (const id of [...ids].reverse()) results.push(await resetOne(id, s, o));
  if (o.json) out(JSON.stringify({ labs: results }));
  if (results.some((r) => r.failed.length > 0)) process.exitCode = 1;
}

async function resetOne(id: string, s: Session, o: CommonOptions): Promise<ResetResult> {
  const plan = await planReset(id, s);
  const say = o.json ? () => {} : out;
  if (plan.resources.length === 0) {
    say(`${id}: nothing tagged workbook:lab=${id} in account ${s.account}, ${plan.ctx.region}.`);
    return { lab: id, removed: [], failed: [] };
  }
  say(`${c.bold(id)}: will remove from account ${s.account}, ${plan.ctx.region}:`);
  for (const r of plan.resources) say(`  - ${r.kind} ${r.name ?? r.id}${r.name && r.name !== r.id ? c.dim(` (${r.id})`) : ''}`);
  await confirmRemoval(plan, s, Boolean(o.yes));
  const result = await applyReset(plan, s);
  say(`  ${c.green('✓')} removed ${result.removed.length}`);
  for (const f of result.failed) say(`  ${c.red('✗')} could not remove ${f.resource.kind} ${f.resource.name ?? f.resource.id}: ${f.error}`);
  return result;
}

async function confirmRemoval(plan: ResetPlan, s: Session, yes: boolean): Promise<void> {
  if (yes) return;
  if (canAsk()) {
    if (!/^y(es)?$/i.test(await ask('Remove these? [y/N] '))) throw new UserError(`Not confirmed; nothing of ${plan.labId} was removed.`);
  } else if (s.target.name === 'aws') {
    throw new UserError(`Refusing to delete from AWS account ${s.account} without a confirmation.`, 'Run it on a terminal to confirm, or pass --yes.');
  }
}
