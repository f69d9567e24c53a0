// `--resume`: the students a class report already holds complete results for are kept as they are; the others (new
// to the list, unreachable, refused, or with a check that could not reach their cloud) are graded again.
import { existsSync, readFileSync } from 'node:fs';
import * as v from 'valibot';
import { UserError } from '../errors.js';
import { type ClassReport, isComplete, type StudentResult } from './class-report.js';

const CheckSchema = v.object({ id: v.string(), title: v.string(), state: v.picklist(['passed', 'failed', 'unreachable', 'skipped']), detail: v.string() });
const LabSchema = v.object({
  lab: v.string(),
  region: v.string(),
  state: v.picklist(['passed', 'partial', 'failed', 'unreachable', 'error']),
  passed: v.number(),
  total: v.number(),
  checks: v.array(CheckSchema),
  error: v.optional(v.string()),
});
const StudentSchema = v.object({
  student: v.string(),
  account: v.string(),
  target: v.string(),
  state: v.picklist(['graded', 'unreachable', 'error']),
  error: v.optional(v.string()),
  gradedAt: v.string(),
  passed: v.number(),
  total: v.number(),
  labs: v.array(LabSchema),
});
const ReportSchema = v.object({ gradedAt: v.string(), target: v.string(), writes: v.boolean(), students: v.array(StudentSchema) });

/** The complete results a report holds, by student, for these labs; none when the file does not exist yet. */
export function resumable(file: string, labIds: string[], writes: boolean): Map<string, StudentResult> {
  if (!existsSync(file)) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UserError(`--resume: ${file} is not a class report (not JSON).`, 'Give the --out of an earlier grading, or leave out --resume.');
  }
  const result = v.safeParse(ReportSchema, parsed);
  if (!result.success) throw new UserError(`--resume: ${file} is not a class report.`, 'Give the --out of an earlier grading, or leave out --resume.');
  const report = result.output as Pick<ClassReport, 'writes' | 'students'>;
  if (report.writes !== writes) {
    throw new UserError(`--resume: ${file} was graded ${report.writes ? 'with' : 'without'} --writes.`, 'Resume it the same way, or grade the class afresh without --resume.');
  }
  const sameLabs = (s: StudentResult) => s.labs.map((l) => l.lab).join() === labIds.join();
  return new Map(report.students.filter((s) => isComplete(s) && sameLabs(s)).map((s) => [s.student, s]));
}
