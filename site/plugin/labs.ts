// What the site knows about labs: the catalogue (labs/<id>/lab.json), read and validated by the runner's one schema.
// No lab code is imported: a lab whose code does not even compile still has its panel.
import { readCatalogue } from '../../lab-runner/catalogue/read.js';
import type { LabEntry } from '../../lab-runner/catalogue/schema.js';
import type { LabMeta } from '../shared/types.js';

export type LabMetaLoader = (id: string) => LabMeta | undefined;

/** The lab ids lessons may name, and each lab's panel data. A lab with a broken entry fails the build, naming it. */
export function labCatalogue(labsDir: string): { ids: string[]; load: LabMetaLoader } {
  const { labs, problems } = readCatalogue(labsDir);
  if (problems.length > 0) throw new Error(problems.map((p) => p.problem).join('\n'));
  const byId = new Map(labs.map((lab) => [lab.id, toLabMeta(lab)]));
  return { ids: labs.map((l) => l.id), load: (id) => byId.get(id) };
}

export function toLabMeta(lab: LabEntry): LabMeta {
  return {
    id: lab.id,
    title: lab.title,
    goal: lab.goal,
    cost: lab.cost,
    ...(lab.region === 'target' ? {} : { fixedRegion: lab.region.fixed }),
    requires: lab.requires,
    lessons: lab.lessons,
    ...(lab.localNote ? { localNote: lab.localNote } : {}),
    steps: lab.steps.map(({ id, title, command, hint }) => ({ id, title, command, hint })),
    checks: lab.checks,
  };
}
