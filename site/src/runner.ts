// The seam for phase 2: a local runner API under /api/… (served by `npm start`) that runs labs and checks.
// Until it answers, lab panels show the commands to run in a terminal. The static build never asks,
// so a plain static host sees no failing request; `VITE_LAB_RUNNER=on` makes a build ask too.

export type RunnerStatus = Record<string, unknown>;

const ASK_RUNNER = import.meta.env.DEV || import.meta.env.VITE_LAB_RUNNER === 'on';

let status: Promise<RunnerStatus | null> | undefined;

/** GET /api/status once per page; null when nothing (or not JSON) answers within two seconds. */
export function runnerStatus(): Promise<RunnerStatus | null> {
  status ??= ASK_RUNNER ? ask() : Promise.resolve(null);
  return status;
}

async function ask(): Promise<RunnerStatus | null> {
  try {
    const response = await fetch('/api/status', { signal: AbortSignal.timeout(2000), headers: { accept: 'application/json' } });
    const json = response.ok && response.headers.get('content-type')?.includes('application/json');
    return json ? ((await response.json()) as RunnerStatus) : null;
  } catch {
    return null;
  }
}
