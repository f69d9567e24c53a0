// Grading a class: every student's account checked, several at a time, into one report (a row per student).
import { readFileSync, writeFileSync } from 'node:fs';
import { labEntry } from './catalogue/read.js';
import { terminalConsent } from './commands/common.js';
import { checkLab, type LabReport } from './service/check.js';
import { UserError } from './errors.js';
import { openSession } from './session.js';
import type { TargetOptions } from './target.js';

export interface GradeOptions {
  labIds: string[];
  profiles: string[];
  target: TargetOptions;
  concurrency: number;
  outPrefix: string;
}

export interface StudentRow {
  student: string;
  account: string;
  reachable: boolean;
  error?: string;
  passed: number;
  total: number;
  /** `<lab>/<check>` → passed */
  checks: Record<string, boolean>;
  reports: LabReport[];
}

export interface GradeSummary {
  rows: StudentRow[];
  allPassed: boolean;
  line: string;
  files: string[];
}

export function readProfilesFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`Cannot read the profiles file "${file}".`, 'Give a text file with one AWS profile name per line.');
  }
  return text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

export async function gradeClass(options: GradeOptions): Promise<GradeSummary> {
  if (options.profiles.length === 0) throw new UserError('No profiles to grade.', 'Pass --profiles p1,p2 or --profiles-file FILE.');
  const rows = await mapBounded(options.profiles, options.concurrency, (profile) => gradeStudent(profile, options));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.checks)))];
  const files = [`${options.outPrefix}.csv`, `${options.outPrefix}.json`];
  writeFileSync(files[0], csv(rows, columns));
  writeFileSync(files[1], `${JSON.stringify({ labs: options.labIds, columns, students: rows.map(({ reports: _, ...row }) => row) }, null, 2)}\n`);
  const complete = rows.filter((r) => r.reachable && r.passed === r.total).length;
  const unreachable = rows.filter((r) => !r.reachable).length;
  const line = `Graded ${rows.length} students: ${complete} passed every check, ${rows.length - complete - unreachable} with failures, ${unreachable} unreachable. Report: ${files.join(', ')}`;
  return { rows, allPassed: complete === rows.length, line, files };
}

async function gradeStudent(profile: string, options: GradeOptions): Promise<StudentRow> {
  const empty = { student: profile, account: '', passed: 0, total: 0, checks: {}, reports: [] };
  try {
    const session = await openSession({ ...options.target, profile });
    const reports: LabReport[] = [];
    for (const id of options.labIds) reports.push(await checkLab(labEntry(id), { session, consent: terminalConsent(false) }));
    const checks = Object.fromEntries(reports.flatMap((r) => r.checks.map((c) => [`${r.lab}/${c.id}`, c.passed])));
    const values = Object.values(checks);
    return { ...empty, account: session.account, reachable: true, passed: values.filter(Boolean).length, total: values.length, checks, reports };
  } catch (error) {
    return { ...empty, reachable: false, error: (error as Error).message };
  }
}

async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function csv(rows: StudentRow[], columns: string[]): string {
  const header = ['student', 'account', 'reachable', 'passed', 'total', ...columns, 'error'];
  const lines = rows.map((r) => [
    r.student,
    r.account,
    r.reachable ? 'yes' : 'no',
    String(r.passed),
    String(r.total),
    ...columns.map((col) => (col in r.checks ? (r.checks[col] ? 'PASS' : 'FAIL') : '')),
    r.error ?? '',
  ]);
  return `${[header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\n')}\n`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
