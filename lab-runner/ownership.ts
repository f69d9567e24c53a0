// A lab never takes over a resource it did not make: `lab reset` would then delete something the student made by hand.
// When a name a lab needs is already taken by an untagged resource, the lab stops and says how to resolve it.
import { LAB_TAG } from './tags.js';

export interface ForeignResource {
  /** What it is, e.g. `SNS topic billing-alerts`. */
  what: string;
  labId: string;
  /** The `aws` command that tags it for the lab, if the student wants the lab to adopt it. */
  tagCommand: string;
  /** The `aws` command that deletes it, if the student wants the lab to start afresh. */
  deleteCommand: string;
}

export function notMadeByLab({ what, labId, tagCommand, deleteCommand }: ForeignResource): Error {
  return new Error(
    `${what} exists but is not tagged ${LAB_TAG}=${labId}, so this lab will not take it over. ` +
      `Either let the lab adopt it (${tagCommand}) or delete it (${deleteCommand}), then run the lab again.`,
  );
}
