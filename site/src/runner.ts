// The seam for phase 2: a local runner API under /api/… (served by `npm start`) that runs labs and checks.
// Until it answers, lab panels show the commands to run in a terminal. The static build never asks,
// so a plain static host sees no failing request; `VITE_LAB_RUNNER=on` makes a build ask too.
import { type Component, defineAsyncComponent } from 'vue';

export interface RunnerLab {
  id: string;
  title: string;
  status: string;
}

/** What `GET /api/status` answers: the target `npm start` fixed, or why it cannot be reached. */
export type RunnerStatus =
  | { ready: true; target: string; label: string; account: string; region: string; labs: RunnerLab[] }
  | { ready: false; error: string; advice: string };

/** True in dev and in a build made with VITE_LAB_RUNNER=on; a constant, so a static build drops the live code. */
const ASK_RUNNER = import.meta.env.DEV || import.meta.env.VITE_LAB_RUNNER === 'on';

/** The live controls (buttons, steps, checks, picture), loaded on first use; none at all in a static build. */
export const liveControls: Component | null = ASK_RUNNER ? defineAsyncComponent(() => import('./components/LabRunnerStatus.vue')) : null;

let status: Promise<RunnerStatus | null> | undefined;

/** GET /api/status once per page; null when nothing (or not JSON) answers within eight seconds (opening a real account can be slow). */
export function runnerStatus(): Promise<RunnerStatus | null> {
  status ??= ASK_RUNNER ? ask() : Promise.resolve(null);
  return status;
}

/** Asks again, e.g. after the student started LocalStack. */
export function refreshRunnerStatus(): Promise<RunnerStatus | null> {
  status = undefined;
  return runnerStatus();
}

async function ask(): Promise<RunnerStatus | null> {
  try {
    const response = await fetch('/api/status', { signal: AbortSignal.timeout(8000), headers: { accept: 'application/json' } });
    const json = response.ok && response.headers.get('content-type')?.includes('application/json');
    if (!json) return null;
    const body = (await response.json()) as Partial<RunnerStatus>;
    return typeof body.ready === 'boolean' ? (body as RunnerStatus) : null;
  } catch {
    return null;
  }
}
