// Where in the student's code an error happened: the first frame of its (source-mapped) stack in the lab's files.
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeLocation } from '../events.js';
import { projectRoot } from '../paths.js';
import { locate } from './frame.js';

const FRAME = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/;

/** The first frame in `labs/` or `solutions/` (where students and authors write), else undefined. */
export function studentFrame(stack: string | undefined): CodeLocation | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const [, where = '', row = '0', col = '0'] = match;
    const file = where.startsWith('file://') ? fileURLToPath(where) : where;
    const inProject = relative(projectRoot, isAbsolute(file) ? file : join(projectRoot, file));
    if (/^(labs|solutions)\//.test(inProject)) return locate(inProject, Number(row), Number(col));
  }
  return undefined;
}
