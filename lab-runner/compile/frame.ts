// A few numbered lines of a student's file around a place, the place marked, as compilers show them.
import { codeFrameColumns } from '@babel/code-frame';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { CodeLocation } from '../events.js';
import { projectRoot } from '../paths.js';

export function locate(file: string, line: number, column: number, message?: string): CodeLocation {
  const absolute = isAbsolute(file) ? file : join(projectRoot, file);
  let frame = '';
  try {
    const source = readFileSync(absolute, 'utf8');
    frame = codeFrameColumns(source, { start: { line, column } }, { highlightCode: false, linesAbove: 2, linesBelow: 2, ...(message ? { message } : {}) });
  } catch {
    // A file that cannot be read (deleted meanwhile) still has a place worth naming.
  }
  return { file: relative(projectRoot, absolute), line, column, frame };
}

/** A problem in the student's code found before it runs: a syntax or a type error. */
export interface CodeProblem {
  at: CodeLocation;
  message: string;
  /** e.g. `TS2345` for a type error. */
  code?: string;
}
