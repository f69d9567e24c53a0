// `lab check <id|all>`: a table, JSON or JUnit for one account, or a class report over many (see grade.ts).
import { writeFileSync } from 'node:fs';
import { labsFor } from '../catalogue/read.js';
import type { LabEntry } from '../catalogue/schema.js';
import { UserError } from '../errors.js';
import { SpareChild } from '../execute/spare-child.js';
import { junitXml } from '../report/junit.js';
import { checkTable } from '../report/table.js';
import { checkLabs, checksMayWrite } from '../service/check.js';
import { type CommonOptions, session, terminalCaller } from './common.js';
import { grade, type GradeOptions, isGrading } from './grade.js';
import { out } from './out.js';
import type { Session } from '../session.js';

export type CheckCommandOptions = CommonOptions & GradeOptions;

export async function check(which: string, o: CheckCommandOptions): Promise<void> {
  const labs = labsFor(which);
  if (isGrading(o)) return grade(labs, o);
  if (o.resume) throw new UserError('--resume goes with --profiles, --profiles-file or --roster: it goes on grading a class.');
  if (o.roleName) throw new UserError('--role-name goes with --roster.');
  // The checks' process starts now and loads the SDK while the session is opened and the checks compiled.
  const spare = new SpareChild(labs);
  try {
    await checkIn(await session(o), which, labs, o, spare);
  } finally {
    spare.dispose();
  }
}

async function checkIn(s: Session, which: string, labs: LabEntry[], o: CheckCommandOptions, spare: SpareChild): Promise<void> {
  const reports = await checkLabs(labs, terminalCaller(s, o), { writes: checksMayWrite(o.writes, s.target), spare });
  if (o.junit) writeFileSync(o.junit, junitXml(reports));
  if (o.json) out(JSON.stringify(which === 'all' ? { labs: reports } : reports[0]));
  else out(reports.map(checkTable).join('\n\n'));
  if (!reports.every((r) => r.passed)) process.exitCode = 1;
}
