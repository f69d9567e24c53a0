// `lab list`: the labs, and how far the student is with each on the current target, account and region.
import { readCatalogue } from '../catalogue/read.js';
import { colour as c } from '../report/style.js';
import { progressKey } from '../service/caller.js';
import { describeStatus, progressOf } from '../service/progress.js';
import type { Session } from '../session.js';
import { type CommonOptions, session } from './common.js';
import { out } from './out.js';

export async function list(o: CommonOptions): Promise<void> {
  const { labs, problems } = readCatalogue();
  let s: Session | undefined;
  let where: string;
  try {
    s = await session(o);
    where = `${s.target.label} · account ${s.account} · ${s.target.region}`;
  } catch (error) {
    where = `target not reachable: ${(error as Error).message}`;
  }
  const status = (lab: (typeof labs)[number]) => describeStatus(s ? progressOf(progressKey(s, lab), lab.id) : undefined);
  if (o.json) return out(JSON.stringify({ labs: labs.map((l) => ({ id: l.id, title: l.title, requires: l.requires, status: status(l) })), problems }));
  out(c.dim(where));
  const width = Math.max(...labs.map((l) => l.id.length));
  for (const lab of labs) out(`  ${lab.id.padEnd(width)}  ${lab.title}  ${c.cyan(`[${status(lab)}]`)}`);
  for (const p of problems) out(`  ${c.red(p.id.padEnd(width))}  ${c.red(p.problem)}`);
}
