// `lab reset <id|all>`: lists what carries the lab's tag, asks, removes it in dependency order.
import { colour as c } from '../report/style.js';
import { type ResetResult, resetLabs } from '../service/reset.js';
import { type CommonOptions, session, terminalCaller } from './common.js';
import { out } from './out.js';

export interface ResetCommandOptions extends CommonOptions {
  withDependants?: boolean;
}

export async function reset(which: string, o: ResetCommandOptions): Promise<void> {
  const s = await session(o);
  const results = await resetLabs({ which, withDependants: o.withDependants }, terminalCaller(s, o));
  if (o.json) out(JSON.stringify({ labs: results }));
  else for (const result of results) report(result, s.account);
  if (results.some((r) => r.failed.length > 0 || r.unreadable.length > 0)) process.exitCode = 1;
}

function report(result: ResetResult, account: string): void {
  if (result.removed.length === 0 && result.failed.length === 0) out(`${result.lab}: nothing tagged workbook:lab=${result.lab} in account ${account}.`);
  else out(`  ${c.green('✓')} ${result.lab}: removed ${result.removed.length}`);
  for (const f of result.failed) out(`  ${c.red('✗')} could not remove ${f.resource.kind} ${f.resource.name ?? f.resource.id} (${f.resource.region}): ${f.error}`);
  for (const k of result.kept) out(`  ${c.yellow('=')} kept ${k.resource.kind} ${k.resource.name ?? k.resource.id}: ${k.why}`);
  for (const u of result.unreadable) out(`  ${c.yellow('!')} could not look for ${u}`);
}
