// The converge rule of a link between two IAM resources (a policy on a group, a user in a group): made once, reused
// when it exists. What the step's calls link is noted, so that what they do not link can go when the step ends.
import type { ConvergeCall } from '../../converge/rule.js';
import { noteAsked } from './step-requests.js';

export interface Link {
  kind: string;
  name: string;
  id: string;
  /** Whether the link exists already. */
  exists(): Promise<boolean>;
  /** Said when it does, e.g. `attached already`. */
  already: string;
  /** How the link is reported when made: a link of its own kind is `created`, one inside a resource `updated` it. */
  made: { action: 'created' | 'updated'; detail?: string };
  /** Noted as asked under `key`; at the step's end, `atStepEnd` runs once per key. */
  asked: { key: string; value: string; atStepEnd: { key: string; work: () => Promise<void> } };
}

export async function convergeLink(call: ConvergeCall, link: Link): Promise<object> {
  noteAsked(link.asked.key, link.asked.value);
  call.atStepEnd(link.asked.atStepEnd.key, link.asked.atStepEnd.work);
  const what = { kind: link.kind, name: link.name, id: link.id };
  if (await link.exists()) {
    call.report('reused', { ...what, detail: link.already });
    return { $metadata: {} };
  }
  const answer = await call.send(call.input);
  call.report(link.made.action, { ...what, ...(link.made.detail ? { detail: link.made.detail } : {}) });
  return answer;
}
