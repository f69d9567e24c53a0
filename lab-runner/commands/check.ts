// `lab check <id|all>`: a table, JSON or JUnit for one account, or a class report over many.
import { writeFileSync } from 'node:fs';
import { labsFor } from '../catalogue/read.js';
import { gradeClass, readProfilesFile } from '../grading.js';
import { UserError } from '../errors.js';
import { junitXml } from '../report/junit.js';
import { checkTable } from '../report/table.js';
import { checkLabs } from '../service/check.js';
import type { Target } from '../target.js';
import { type CommonOptions, session, terminalCaller } from './common.js';
import { out } from './out.js';

export interface CheckCommandOptions extends CommonOptions {
  junit?: string;
  profiles?: string;
  profilesFile?: string;
  out: string;
  concurrency: string;
  /** Set by --writes / --no-writes; undefined when neither was given. */
  writes?: boolean;
}

/**
 * Whether checks may write (send the billing alarm's test notification) when the student did not say: yes on the local
 * cloud, where a student checks to see the whole path work and nothing is emailed; no on AWS, where the test emails
 * every confirmed subscriber. Grading a class never writes.
 */
export function checksMayWrite(asked: boolean | undefined, target: Pick<Target, 'name'>): boolean {
  return asked ?? target.name !== 'aws';
}

export async function check(which: string, o: CheckCommandOptions): Promise<void> {
  const labs = labsFor(which);
  if (o.profiles || o.profilesFile) {
    if (o.writes) throw new UserError('--writes cannot be used when grading a class: grading only reads.', 'Drop --writes, or check one account at a time.');
    return grade(labs.map((l) => l.id), o);
  }
  const s = await session(o);
  const reports = await checkLabs(labs, terminalCaller(s, o), { writes: checksMayWrite(o.writes, s.target) });
  if (o.junit) writeFileSync(o.junit, junitXml(reports));
  if (o.json) out(JSON.stringify(which === 'all' ? { labs: reports } : reports[0]));
  else out(reports.map(checkTable).join('\n\n'));
  if (!reports.every((r) => r.passed)) process.exitCode = 1;
}

async function grade(ids: string[], o: CheckCommandOptions): Promise<void> {
  const profiles = o.profiles ? o.profiles.split(',').map((p) => p.trim()).filter(Boolean) : readProfilesFile(o.profilesFile ?? '');
  const { target, endpoint, region } = o;
  const summary = await gradeClass({ labIds: ids, profiles, target: { target, endpoint, region }, concurrency: Number(o.concurrency) || 4, outPrefix: o.out });
  out(summary.line);
  if (!summary.allPassed) process.exitCode = 1;
}
