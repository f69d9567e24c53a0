// Every step of a lab that lessons show stands in exactly one lesson section: the section above the `::: lab-steps`
// block that lists it, in one of the lab's lessons. A lab that names a lesson among its lessons is shown by it.
import { LessonError } from './errors.js';
import type { StepBlock } from './env.js';
import type { LessonOptions, RenderedLesson } from './lessons.js';

export function checkStepSections(rendered: RenderedLesson[], options: LessonOptions): void {
  for (const id of options.knownLabs) {
    const lab = options.loadLab(id);
    if (!lab) continue;
    for (const { lesson, file, shown } of rendered) {
      if (lab.lessons.includes(lesson.summary.slug) && !shown.some((candidate) => candidate.id === id)) {
        throw new LessonError(file, `the lab ${id} names this lesson among its lessons, but the lesson does not show it: add ::: lab ${id} where its panel goes`);
      }
    }
    const showing = rendered.filter((r) => r.shown.some((shown) => shown.id === id));
    const [firstShowing] = showing;
    if (!firstShowing) continue;
    const blocks = showing.flatMap((r) => r.stepBlocks.filter((block) => block.lab === id));
    for (const step of lab.steps) {
      const [placed, again] = blocks.filter((block) => block.steps.includes(step.id));
      if (!placed) {
        const home = showing.find((r) => r.lesson.summary.slug === lab.lessons[0]) ?? firstShowing;
        throw new LessonError(
          home.file,
          `step "${step.id}" of the lab ${id} (${step.title}) is in no lesson section: list it in a ::: lab-steps ${id} block under the heading that explains it`,
        );
      }
      if (again) throw new LessonError(again.file, `step "${step.id}" of the lab ${id} is already shown at ${where(placed)}`, again.line);
    }
  }
}

function where(block: StepBlock): string {
  return block.line === undefined ? block.file : `${block.file}:${block.line}`;
}
