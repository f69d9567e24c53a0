// Gets a lab's code ready to run: the student's starter (compiled and type-checked), the solution (compiled), or the
// checks (compiled). Whatever is wrong comes back as problems in the student's files, before anything runs.
import type { LabEntry } from '../catalogue/schema.js';
import { compileLabFile } from './compile.js';
import type { CodeProblem } from './frame.js';
import { typecheckLab } from './typecheck.js';

export type Code = 'starter' | 'solution' | 'checks';

export type Prepared = { module: string } | { stage: 'syntax' | 'types'; problems: CodeProblem[] };

export function entryFile(lab: Pick<LabEntry, 'id'>, code: Code): string {
  if (code === 'solution') return `solutions/${lab.id}/lab.ts`;
  return `labs/${lab.id}/${code === 'checks' ? 'checks' : 'lab'}.ts`;
}

export async function prepare(lab: Pick<LabEntry, 'id'>, code: Code, { typecheck = code === 'starter' } = {}): Promise<Prepared> {
  const entry = entryFile(lab, code);
  const compiled = await compileLabFile(entry);
  if ('problems' in compiled) return { stage: 'syntax', problems: compiled.problems };
  if (typecheck) {
    const problems = await typecheckLab(entry, compiled.compiled.inputs);
    if (problems.length > 0) return { stage: 'types', problems };
  }
  return { module: compiled.compiled.file };
}
