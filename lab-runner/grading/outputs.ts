// Where a class report goes, checked before the first student is graded (a bad path must not lose a whole run), and
// written so that a file is never half there: each is written aside and renamed.
import { accessSync, constants, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';

export interface ClassFiles {
  json: string;
  csv: string;
  details: string;
  html: string;
  junit?: string;
}

export function classFiles(prefix: string, junit?: string): ClassFiles {
  return { json: `${prefix}.json`, csv: `${prefix}.csv`, details: `${prefix}-details.csv`, html: `${prefix}.html`, ...(junit ? { junit } : {}) };
}

/** Every file can be written: its folder exists and is writable, and the name is not taken by a folder. */
export function checkClassFiles(prefix: string, junit?: string): ClassFiles {
  if (isFolder(prefix) || /[/\\]$/.test(prefix)) throw new UserError(`--out ${prefix} is a folder: give a file name prefix, e.g. ${resolve(prefix, 'class')}.`);
  const files = classFiles(prefix, junit);
  checkWritable('--out', prefix, [files.json, files.csv, files.details, files.html]);
  if (junit) {
    if (isFolder(junit)) throw new UserError(`--junit ${junit} is a folder: give a file name, e.g. ${resolve(junit, 'class.xml')}.`);
    checkWritable('--junit', junit, [junit]);
  }
  return files;
}

function checkWritable(flag: string, given: string, files: string[]): void {
  const folder = dirname(resolve(given));
  if (!isFolder(folder)) throw new UserError(`${flag} ${given}: ${folder} is not a folder that exists.`, 'Make the folder first, or give another path.');
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UserError(`${flag} ${given}: cannot write in ${folder}.`, 'Give a path in a folder you can write to.');
  }
  const taken = files.find(isFolder);
  if (taken) throw new UserError(`${flag} ${given}: ${taken} is a folder, so the report cannot be written there.`, 'Give another prefix, or move that folder.');
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function writeAtomically(file: string, text: string): void {
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, text);
  renameSync(aside, file);
}
