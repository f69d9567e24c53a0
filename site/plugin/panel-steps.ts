// A lab panel lists the lab's steps by title and hint, each linked to the lesson section that shows the step (the
// section above the `::: lab-steps` block that lists it, in whichever of the lab's lessons that is), rather than
// repeating the commands the lesson already shows there.
import type { LessonPart, PanelLab } from '../shared/types.js';
import type { StepBlock } from './env.js';
import { LessonError } from './errors.js';
import type { PlacedPart } from './lab-panels.js';
import type { LabMeta } from './labs.js';

interface Place {
  lesson: string;
  section: string;
}

/** Where each step of each lab is shown: lab id → step id → lesson and section. */
export type StepPlaces = ReadonlyMap<string, ReadonlyMap<string, Place>>;

export function stepPlaces(lessons: { slug: string; stepBlocks: StepBlock[] }[]): StepPlaces {
  const places = new Map<string, Map<string, Place>>();
  for (const { slug, stepBlocks } of lessons) {
    for (const block of stepBlocks) {
      const lab = places.get(block.lab) ?? new Map<string, Place>();
      places.set(block.lab, lab);
      for (const step of block.steps) lab.set(step, { lesson: slug, section: block.section.id });
    }
  }
  return places;
}

/** The lesson's parts as the page gets them: each panel with what it shows and nothing more. */
export function panelParts(parts: PlacedPart[], places: StepPlaces, file: string): LessonPart[] {
  return parts.map((part) => (part.kind === 'lab' ? { ...part, lab: panelLab(part.lab, places, file) } : part));
}

function panelLab(meta: LabMeta, places: StepPlaces, file: string): PanelLab {
  const { id, title, goal, cost, fixedRegion, requires, localNote } = meta;
  const steps = meta.steps.map((step) => {
    const place = places.get(id)?.get(step.id);
    if (!place) throw new LessonError(file, `step "${step.id}" of the lab ${id} (${step.title}) is in no lesson section: list it in a ::: lab-steps ${id} block under the heading that explains it`);
    return { title: step.title, hint: step.hint, ...place };
  });
  return { id, title, goal, cost, ...(fixedRegion ? { fixedRegion } : {}), requires, ...(localNote ? { localNote } : {}), steps };
}
