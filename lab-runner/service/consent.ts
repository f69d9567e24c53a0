// Never a silent spend, never a silent removal: before anything is created on a real account, or removed anywhere,
// the service asks through this port. The terminal asks on stdin (../commands/terminal-consent.ts); the page shows a
// dialog and sends back what the student typed (../api/). Both see the same request.
import type { TargetName } from '../target.js';

export interface ConsentRequest {
  action: 'create' | 'remove';
  target: TargetName;
  account: string;
  /** Where it happens, e.g. `us-east-1`. */
  regions: string[];
  /** Who acts: the caller's ARN. */
  identity: string;
  labs: { id: string; title: string; cost: string }[];
  /** For a removal: what goes. */
  resources?: { kind: string; name: string; id: string }[];
  /** The command that undoes a creation. */
  undo?: string;
}

/** Answers whether to go ahead; a port that cannot ask refuses with a UserError that says how to confirm. */
export type Consent = (request: ConsentRequest) => Promise<boolean>;

/** A real account always needs a yes; LocalStack needs one only to remove, and only where someone can be asked. */
export function needsConsent(request: Pick<ConsentRequest, 'action' | 'target'>): boolean {
  return request.target === 'aws' || request.action === 'remove';
}
