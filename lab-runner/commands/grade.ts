// `lab check <id|all> --profiles …|--profiles-file …|--roster … --role-name …`: grading a class. Every option and output
// path is checked before the first student is graded; the report is saved after each student, so --resume can go on.
import type { LabEntry } from '../catalogue/schema.js';
import { UserError } from '../errors.js';
import { type ClassReport, isComplete, writesLine } from '../grading/class-report.js';
import { gradeClass } from '../grading/grade-class.js';
import { studentOpener } from '../grading/open-student.js';
import { checkClassFiles, type ClassFiles, writeAtomically } from '../grading/outputs.js';
import { progressBar } from '../grading/progress-bar.js';
import { resumable } from '../grading/resume.js';
import { checkRoleName, profilesFromList, readProfilesFile, readRoster, type Student } from '../grading/students.js';
import { classCsv, classDetailsCsv } from '../report/class-csv.js';
import { classHtml } from '../report/class-html.js';
import { classJunitXml } from '../report/junit.js';
import { interactive } from '../report/style.js';
import { resolveTarget, type TargetOptions } from '../target.js';
import { out } from './out.js';

export interface GradeOptions extends TargetOptions {
  json?: boolean;
  junit?: string;
  profiles?: string;
  profilesFile?: string;
  roster?: string;
  roleName?: string;
  out: string;
  concurrency: string;
  /** --writes / --no-writes; undefined when neither was given. */
  writes?: boolean;
  resume?: boolean;
}

export function isGrading(o: GradeOptions): boolean {
  return Boolean(o.profiles !== undefined || o.profilesFile || o.roster);
}

export async function grade(labs: LabEntry[], o: GradeOptions): Promise<void> {
  const concurrency = concurrencyOf(o.concurrency);
  const students = classOf(o);
  const files = checkClassFiles(o.out, o.junit);
  const writes = o.writes === true;
  const kept = o.resume ? resumable(files.json, labs.map((l) => l.id), writes) : new Map();
  const { target, endpoint, region, profile } = o;
  // A profile names the student; the instructor's own --profile is only for assuming roles in a roster.
  if (profile && !o.roster) throw new UserError('--profile goes with --roster (your own credentials, to assume the role in each account).', 'With --profiles, each student\'s profile is used.');
  const open = studentOpener({ target: { target, endpoint, region, profile }, roleName: o.roleName, writes });
  const before = students.filter((s) => kept.has(s.name)).length;
  const bar = await progressBar(students.length - before, interactive && !o.json);
  let report: ClassReport;
  try {
    report = await gradeClass({
      labs,
      students,
      open,
      writes,
      concurrency,
      target: await classTarget(o),
      kept,
      onStudent: (partial, done) => {
        writeAtomically(files.json, json(partial));
        bar.update(done - before);
      },
    });
  } finally {
    bar.stop();
  }
  writeReport(report, files);
  const say = o.json ? (line: string) => process.stderr.write(`${line}\n`) : out;
  if (o.json) out(json(report).trimEnd());
  if (o.resume) say(`Resumed from ${files.json}: ${count(before, 'student')} kept, ${students.length - before} graded now.`);
  say(summary(report, files));
  say(writesLine(report));
  const allPassed = report.students.every((s) => isComplete(s) && s.passed === s.total);
  if (!allPassed) process.exitCode = 1;
}

function classOf(o: GradeOptions): Student[] {
  const given = [o.profiles !== undefined, Boolean(o.profilesFile), Boolean(o.roster)].filter(Boolean).length;
  if (given > 1) throw new UserError('Give only one of --profiles, --profiles-file and --roster.');
  if (o.roster && !o.roleName) throw new UserError('--roster needs --role-name: the role to assume in each student\'s account.', 'For example: --roster roster.csv --role-name WorkbookGrader');
  if (o.roleName && !o.roster) throw new UserError('--role-name goes with --roster.');
  if (o.roster) {
    checkRoleName(o.roleName ?? '');
    return readRoster(o.roster);
  }
  const profiles = o.profilesFile ? readProfilesFile(o.profilesFile) : profilesFromList(o.profiles ?? '');
  if (profiles.length === 0) throw new UserError('No students to grade.', 'Pass --profiles p1,p2, --profiles-file FILE or --roster FILE --role-name NAME.');
  return profiles.map((profile) => ({ name: profile, profile }));
}

function concurrencyOf(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 64) throw new UserError(`--concurrency must be a whole number from 1 to 64, not "${text}".`);
  return n;
}

async function classTarget(o: GradeOptions): Promise<string> {
  if (o.roster) return `${(await resolveTarget({ target: o.target, endpoint: o.endpoint, region: o.region, profile: o.profile })).label}, assuming ${o.roleName} in each student's account`;
  if (o.target === 'aws') return "aws, each student's profile";
  return (await resolveTarget({ target: o.target, endpoint: o.endpoint, region: o.region })).label;
}

function writeReport(report: ClassReport, files: ClassFiles): void {
  writeAtomically(files.json, json(report));
  writeAtomically(files.csv, classCsv(report));
  writeAtomically(files.details, classDetailsCsv(report));
  writeAtomically(files.html, classHtml(report));
  if (files.junit) writeAtomically(files.junit, classJunitXml(report));
}

function json(report: ClassReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function summary(report: ClassReport, files: ClassFiles): string {
  const s = report.students;
  const graded = s.filter((r) => r.state === 'graded');
  const partly = graded.filter((r) => !isComplete(r)).length;
  const complete = graded.filter((r) => isComplete(r) && r.passed === r.total).length;
  const failing = graded.length - partly - complete;
  const unreachable = s.filter((r) => r.state === 'unreachable').length;
  const refused = s.filter((r) => r.state === 'error').length;
  const parts = [`${complete} passed every check`, `${failing} with failures`];
  if (partly) parts.push(`${partly} partly unreachable`);
  if (unreachable) parts.push(`${unreachable} unreachable`);
  if (refused) parts.push(`${refused} could not be opened`);
  const written = [files.json, files.csv, files.details, files.html, ...(files.junit ? [files.junit] : [])];
  return `Graded ${count(s.length, 'student')}: ${parts.join(', ')}. Report: ${written.join(', ')}`;
}


function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
