// The browser's side of the runner API: same-origin fetches, POSTs as JSON (the API refuses anything else).
import { PAGE } from '../runner.js';
import type { ConsentRequest, Inventory, MissingLab } from './types.js';

/** The API answered with an error: what went wrong, what the student can do, and what the answer carried. */
export type RunnerError = Error & {
  advice?: string;
  /** On a real account: what the action would do, to be confirmed with the account id (409). */
  consent?: ConsentRequest;
  /** The labs this one builds on that are not there yet (400). */
  missing?: MissingLab[];
};

function runnerError(message: string, more: Omit<RunnerError, 'name' | 'message'>): RunnerError {
  return Object.assign(new Error(message), more);
}

async function call(path: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw runnerError('The lab runner stopped answering.', { advice: 'Start `npm start` again and reload this page.' });
  }
  if (response.ok) return response;
  const { error, ...more } = (await response.json().catch(() => ({}))) as Omit<RunnerError, 'name' | 'message'> & { error?: string };
  throw runnerError(error ?? `The lab runner answered ${response.status}.`, more);
}

/**
 * Asks for an action on a lab (`run`, `solution`, `check`, `reset`, `stop`); `account` is the account id the student
 * typed to confirm it, on a real account. The page names itself, so the runner's events about it name it back.
 */
export function labAction(id: string, action: string, account?: string): Promise<Response> {
  const body = { page: PAGE, ...(account === undefined ? {} : { consent: { account } }) };
  return call(`/api/labs/${encodeURIComponent(id)}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Everything built so far, every lab's, grouped by the lab that tagged it. */
export async function getInventory(): Promise<Inventory> {
  return (await call('/api/inventory')).json() as Promise<Inventory>;
}
