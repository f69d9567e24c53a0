// What the runner says when a step's request meets something it will not do: a resource that is not the lab's, a
// request without the lab's tag, a replacement that something else stands on. The student sees code, message, advice.

import { LabProblem } from '../lab.js';

/** A problem with the call a step made: the student sees their call's line. */
export class StepProblem extends LabProblem {
  constructor(code: string, message: string, advice: string) {
    super(code, message, advice, true);
  }
}

/** A name the lab needs is taken by a resource the lab did not make: adopting it would let `lab reset` delete it. */
export function notTheLabs(what: string, labId: string, commands: { tag: string; remove: string }): StepProblem {
  return new StepProblem(
    'NotMadeByThisLab',
    `${what} exists but is not tagged workbook:lab=${labId}, so the lab will not take it over.`,
    `Let the lab adopt it (${commands.tag}) or delete it (${commands.remove}), then run the lab again.`,
  );
}

/** A create request without the lab's tag would make something `lab reset` can never find. */
export function untagged(command: string, labId: string, how: string): StepProblem {
  return new StepProblem(
    'MissingLabTag',
    `${command} was sent without the tag workbook:lab=${labId}: \`lab reset\` could never find what it makes, so it was not sent.`,
    `Tag it at creation: ${how}.`,
  );
}

/** A request without the name the lab finds its resource by. */
export function unnamed(command: string, how: string): StepProblem {
  return new StepProblem('MissingName', `${command} was sent without the name the lab finds this resource by, so it was not sent.`, how);
}
