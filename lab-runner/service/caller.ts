// Who asks the service for something, and through what: the CLI and the runner API each make one of these.
import type { LabEntry } from '../catalogue/schema.js';
import { labRegion } from '../context.js';
import type { EventSink } from '../events.js';
import type { Session } from '../session.js';
import type { Consent } from './consent.js';
import type { ProgressKey } from './progress.js';

export interface Caller {
  session: Session;
  consent: Consent;
  /** Where run events go as they happen. */
  sink?: EventSink;
  /** Stops what is running: Ctrl-C, the page's Stop button, a closed tab. */
  signal?: AbortSignal;
  /** Named to anyone who finds the lab busy, e.g. `the page (npm start, process 1234)`. */
  holder?: string;
  /** The target flags the command was given (` --target aws --region eu-west-1`), repeated in every command advised. */
  flags?: string;
}

export function progressKey(session: Session, lab: Pick<LabEntry, 'region'>): ProgressKey {
  return { target: session.target.name, account: session.account, region: labRegion(lab, session.target) };
}
