// A lab that builds on others (`requires` in its catalogue entry) runs only when what they build is there and right:
// their checks pass. All that is missing is named at once, in teaching order, so the student knows the whole way.
import type { LabEntry } from '../catalogue/schema.js';
import { UserError } from '../errors.js';
import type { Caller } from './caller.js';
import { checkLab } from './check.js';

export interface MissingLab {
  id: string;
  title: string;
  /** The lesson that teaches it, e.g. `11-vpc`. */
  lesson: string;
  /** The ids of its checks that fail; empty when nothing of it is there at all. */
  failing: string[];
  built: boolean;
}

export class MissingPrerequisites extends UserError {
  constructor(
    readonly lab: string,
    readonly missing: MissingLab[],
    flags = '',
  ) {
    const names = missing.map((m) => (m.built ? `${m.id} (failing: ${m.failing.join(', ')})` : `${m.id} (not built)`));
    super(
      `${lab} builds on ${names.join(' and ')}.`,
      `Run ${missing.length === 1 ? 'it' : 'them'} first, yours or the solution: ${missing.map((m) => `\`npx lab run ${m.id}${flags}\``).join(', ')} (add --solution for the reference).`,
    );
    this.name = 'MissingPrerequisites';
  }
}

/** `done` holds labs this same command has just completed: they are not checked again. */
export async function assertPrerequisites(lab: LabEntry, labs: LabEntry[], caller: Caller, done: ReadonlySet<string>): Promise<void> {
  const required = labs.filter((l) => lab.requires.includes(l.id) && !done.has(l.id));
  const reports = await Promise.all(required.map(async (r) => ({ lab: r, report: await checkLab(r, caller) })));
  const missing = reports
    .filter(({ report }) => !report.passed)
    .map(({ lab: r, report }) => {
      const failing = report.checks.filter((c) => !c.passed).map((c) => c.id);
      return { id: r.id, title: r.title, lesson: r.lessons[0] ?? '', failing, built: failing.length < report.checks.length };
    });
  if (missing.length > 0) throw new MissingPrerequisites(lab.id, missing, caller.flags);
}
