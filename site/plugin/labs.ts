// What the site knows about labs: the catalogue (labs/<id>/lab.json), read and validated by the runner's one schema,
// and, for the check that lessons say what their labs do, the words of each lab's entry and source.
// No lab code is imported: a lab whose code does not even compile still has its panel.
import { join } from 'node:path';
import { readCatalogue } from '../../lab-runner/catalogue/read.js';
import type { LabEntry } from '../../lab-runner/catalogue/schema.js';
import type { PanelLab } from '../shared/types.js';
import { labWords, type LabWords } from './lab-words.js';

export interface LabStepMeta {
  id: string;
  title: string;
  command: string;
  hint: string;
}

/**
 * What the build knows of a lab from its catalogue entry: what its panel shows (PanelLab), its lessons (the first its
 * home), and its steps with their commands, which `::: lab-steps` shows.
 */
export type LabMeta = Omit<PanelLab, 'steps'> & { lessons: string[]; steps: LabStepMeta[] };

export type LabMetaLoader = (id: string) => LabMeta | undefined;

export interface LabCatalogue {
  ids: string[];
  load: LabMetaLoader;
  /** Every lab's words, read the first time a lesson needs them. */
  words: () => LabWords[];
}

/**
 * The lab ids lessons may name, and each lab's panel data. A lab with a broken entry fails the build, naming it.
 * A lab's source is in `labsDir/<id>` and `solutionsDir/<id>` (solutions/ beside labs/ unless told).
 */
export function labCatalogue(labsDir: string, solutionsDir = join(labsDir, '..', 'solutions')): LabCatalogue {
  const { labs, problems } = readCatalogue(labsDir);
  if (problems.length > 0) throw new Error(problems.map((p) => p.problem).join('\n'));
  const byId = new Map(labs.map((lab) => [lab.id, toLabMeta(lab)]));
  let words: LabWords[] | undefined;
  return {
    ids: labs.map((l) => l.id),
    load: (id) => byId.get(id),
    words: () => (words ??= labs.map((lab) => labWords(lab, [join(labsDir, lab.id), join(solutionsDir, lab.id)]))),
  };
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
  };
}
