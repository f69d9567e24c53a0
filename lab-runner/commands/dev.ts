// `lab dev gen|check|new`: for whoever writes labs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { devCheck } from '../authoring/dev-check.js';
import { scaffoldLab } from '../authoring/dev-new.js';
import { generate, labSourceIds } from '../authoring/generate.js';
import { UserError } from '../errors.js';
import { projectRoot } from '../paths.js';
import { colour as c } from '../report/style.js';
import { out } from './out.js';

export async function gen(which?: string): Promise<void> {
  const ids = which ? [which] : labSourceIds();
  let failed = false;
  for (const id of ids) {
    const result = await generate(id);
    if ('problems' in result) {
      failed = true;
      out(`${c.red('✗')} ${id}`);
      for (const p of result.problems) out(`    ${p}`);
      continue;
    }
    for (const [file, text] of result.generated.files) writeFileSync(join(projectRoot, file), text);
    out(`${c.green('✓')} ${id}: ${[...result.generated.files.keys()].join(', ')}`);
  }
  if (failed) process.exitCode = 1;
}

export async function check(o: { typecheck?: boolean }): Promise<void> {
  const started = performance.now();
  const report = await devCheck({ typecheck: o.typecheck !== false });
  for (const lab of report.labs) {
    out(`${lab.problems.length === 0 ? c.green('✓') : c.red('✗')} ${lab.id}`);
    for (const p of lab.problems) out(`    ${p}`);
  }
  for (const p of report.problems) out(`${c.red('✗')} ${p}`);
  const count = report.labs.reduce((n, l) => n + l.problems.length, 0) + report.problems.length;
  out(c.dim(`${report.labs.length} labs, ${count} problem${count === 1 ? '' : 's'}, ${Math.round(performance.now() - started)} ms`));
  if (count > 0) process.exitCode = 1;
}

export async function create(id: string, o: { title?: string }): Promise<void> {
  if (!id) throw new UserError('Name the new lab: npx lab dev new <id> --title "…"');
  const files = scaffoldLab(id, o.title ?? id);
  for (const file of files) out(`${c.green('+')} ${file}`);
  await gen(id);
  out(`Now write the lab in solutions/${id}/lab.ts, its checks in labs/${id}/checks.ts, then \`npx lab dev gen ${id}\` and \`npx lab dev check\`.`);
}
