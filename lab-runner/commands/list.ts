// `lab list`: the labs, and how far the student is with each on the current target.
import { labIds, loadLab } from '../registry.js';
import { colour as c } from '../report/style.js';
import { targetKey } from '../run.js';
import { describeStatus, labStatuses } from '../state.js';
import { type CommonOptions, session } from './common.js';
import { out } from './out.js';

export async function list(o: CommonOptions): Promise<void> {
  const ids = await labIds();
  const labs = await Promise.all(ids.map((id) => loadLab(id)));
  let statuses: ReturnType<typeof labStatuses> = {};
  let where: string;
  try {
    const s = await session(o);
    statuses = labStatuses(targetKey(s));
    where = `${s.target.label} · account ${s.account}`;
  } catch (error) {
    where = `target not reachable: ${(error as Error).message}`;
  }
  if (o.json) return out(JSON.stringify({ labs: labs.map((l) => ({ id: l.id, title: l.title, status: describeStatus(statuses[l.id]) })) }));
  out(c.dim(where));
  const width = Math.max(...ids.map((id) => id.length));
  for (const lab of labs) out(`  ${lab.id.padEnd(width)}  ${lab.title}  ${c.cyan(`[${describeStatus(statuses[lab.id])}]`)}`);
}
