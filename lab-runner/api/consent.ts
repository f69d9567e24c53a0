// The page's side of consent: on a real account an action goes ahead only with the account id the student typed in
// the page's dialog; without it the API answers 409 with what it would do, and the page asks.
import { UserError } from '../errors.js';
import type { Consent, ConsentRequest } from '../service/consent.js';

export class ConsentNeeded extends UserError {
  constructor(readonly request: ConsentRequest) {
    super(
      request.action === 'create'
        ? `This creates real resources in AWS account ${request.account}: type the account id to go ahead.`
        : `This removes resources from AWS account ${request.account}: type the account id to go ahead.`,
    );
    this.name = 'ConsentNeeded';
  }
}

export function pageConsent(typedAccount: string | undefined): Consent {
  return async (request) => {
    // On the local cloud the page's button is the student's say-so, as Enter is in a terminal.
    if (request.target !== 'aws') return true;
    if (typedAccount === undefined) throw new ConsentNeeded(request);
    if (typedAccount.trim() !== request.account) throw new UserError(`The account id typed (${typedAccount.trim() || 'nothing'}) is not ${request.account}; nothing was done.`);
    return true;
  };
}
