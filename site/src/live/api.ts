// The browser's side of the runner API: same-origin fetches, POSTs as JSON (the API refuses anything else).
import { readNdjson } from './ndjson.js';
import type { Inventory, LabReport, ResetResult, RunKind, StreamLine } from './types.js';

/** The API answered with an error: what went wrong, and what the student can do. */
export class RunnerError extends Error {
  constructor(
    message: string,
    readonly advice = '',
  ) {
    super(message);
    this.name = 'RunnerError';
  }
}

const labPath = (id: string, action: string) => `/api/labs/${encodeURIComponent(id)}/${action}`;

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new RunnerError('The lab runner stopped answering.', 'Is `npm start` still running? Start it again and reload this page.');
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as { error?: string; advice?: string };
  throw new RunnerError(body.error ?? `The lab runner answered ${response.status}.`, body.advice ?? '');
}

function post(id: string, action: string): Promise<Response> {
  return call(labPath(id, action), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
}

/** Runs the starter or the solution; each event is handed over as it arrives. */
export async function streamRun(id: string, kind: RunKind, onLine: (line: StreamLine) => void): Promise<void> {
  const response = await post(id, kind);
  if (!response.body) throw new RunnerError('The lab runner sent no events.');
  await readNdjson(response.body, (value) => onLine(value as StreamLine));
}

export async function checkLab(id: string): Promise<LabReport> {
  return (await (await post(id, 'check')).json()) as LabReport;
}

/** What the reset removed, this lab's (and any dependant's it was told to take along). */
export async function resetLab(id: string): Promise<ResetResult[]> {
  return ((await (await post(id, 'reset')).json()) as { labs: ResetResult[] }).labs;
}

/** Everything built so far, every lab's, grouped by the lab that tagged it. */
export async function getInventory(): Promise<Inventory> {
  return (await (await call('/api/inventory')).json()) as Inventory;
}
