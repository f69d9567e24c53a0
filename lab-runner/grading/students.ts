// Who is in the class: AWS profiles (`--profiles a,b`, `--profiles-file FILE`) or a roster of account ids, each reached
// through a role assumed in it (`--roster roster.csv --role-name NAME`).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../errors.js';

export type Student = { name: string; profile: string } | { name: string; account: string };

export function profilesFromList(list: string): string[] {
  return unique(list.split(',').map((p) => p.trim()).filter(Boolean), 'profile');
}

/** One profile a line; a line whose first character (after spaces) is `#` is a comment. A `#` elsewhere is part of the name. */
export function readProfilesFile(file: string): string[] {
  const lines = readText(file, `Cannot read the profiles file "${file}".`, 'Give a text file with one AWS profile name per line.')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return unique(lines, 'profile');
}

/** A CSV with an `account` column (12 digits) and, optionally, a `name` column; the first line names the columns. */
export function readRoster(file: string): { name: string; account: string }[] {
  const text = readText(file, `Cannot read the roster "${file}".`, 'Give a CSV file whose first line is: account,name');
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (error) {
    throw new UserError(`${basename(file)} is not CSV: ${(error as Error).message}`, 'Its first line names the columns (account,name), then one student a line.');
  }
  if (rows.length === 0) throw new UserError(`${basename(file)} lists no students.`, 'After the line account,name, give one student a line.');
  if (!('account' in (rows[0] ?? {}))) throw new UserError(`${basename(file)} has no account column.`, 'Its first line names the columns: account,name');
  const students = rows.map((row, i) => {
    const account = row.account ?? '';
    if (!/^\d{12}$/.test(account)) throw new UserError(`${basename(file)}, line ${i + 2}: "${account}" is not a 12-digit AWS account id.`);
    return { name: row.name || account, account };
  });
  unique(students.map((s) => s.account), 'account');
  unique(students.map((s) => s.name), 'name');
  return students;
}

/** An IAM role name: up to 64 of letters, digits and + = , . @ _ - (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
export function checkRoleName(name: string): string {
  if (!/^[\w+=,.@-]{1,64}$/.test(name)) throw new UserError(`"${name}" is not an IAM role name.`, 'A role name is 1 to 64 letters, digits and + = , . @ _ -');
  return name;
}

function readText(file: string, message: string, advice: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UserError(message, advice);
  }
}

function unique(values: string[], what: string): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new UserError(`The ${what} "${value}" is listed twice.`, 'List each student once.');
    seen.add(value);
  }
  return values;
}
