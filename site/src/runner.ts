// The seam for phase 2: a local runner API under /api/… (served by `npm start`) that runs labs and checks.
// Until it answers, lab panels show the commands to run in a terminal. The static build never asks,
// so a plain static host sees no failing request; `VITE_LAB_RUNNER=on` makes a build ask too.
// Where it answers, each lab's state (its progress, what runs on it, what its runs made) is the runner's: read once,
// then followed through the server-sent events every change is pushed as, so every open page shows the same.
import { type Component, reactive } from 'vue';
import type { Progress } from '../../lab-runner/service/progress.js';

export type { Progress };

/** One lab as the runner sees it for the target `npm start` fixed. */
export interface RunnerLab {
  id: string;
  title: string;
  requires: string[];
  /** The lesson that teaches it, e.g. `11-vpc`. */
  lesson: string;
  progress: Progress | null;
  /** The action running on it now (`run`, `solution`, `check`, `reset`), from any page. */
  busy: string | null;
  /** What its runs from the page said they made, e.g. `url`. */
  outputs: Record<string, string>;
}

/** What `GET /api/status` answers: the target `npm start` fixed, or why it cannot be reached. */
export type RunnerStatus =
  | { ready: true; target: string; label: string; account: string; region: string; identity: string; root: string; labs: RunnerLab[] }
  | { ready: false; error: string; advice: string };

/** True in dev and in a build made with VITE_LAB_RUNNER=on; a constant, so a static build drops the live code. */
const ASK_RUNNER = import.meta.env.DEV || import.meta.env.VITE_LAB_RUNNER === 'on';

/**
 * Loads the live controls (buttons, steps, checks, picture) on first use; null in a static build, which has none. A
 * loader of its own rather than defineAsyncComponent, whose machinery would weigh on the app every lesson page loads.
 * A failed download leaves the panel as a static build shows it, and says why in the console.
 */
export const loadLiveControls: (() => Promise<Component | null>) | null = ASK_RUNNER
  ? () =>
      import('./components/live/LiveLab.vue').then(
        (module) => module.default,
        (error: unknown) => {
          console.error(error);
          return null;
        },
      )
  : null;

/** Each lab's state by id, once the runner has answered; empty without a runner. */
export const runnerLabs: Record<string, RunnerLab> = ASK_RUNNER ? reactive({}) : {};

/**
 * This page, as it names itself in the actions it asks for. The runner's events about those name it back: this page
 * keeps its own actions' busy state itself (set as it asks, cleared as the answer ends), so an event that arrives a
 * moment after the answer cannot make its own action look like someone else's.
 */
export const PAGE = ASK_RUNNER ? Math.random().toString(36).slice(2, 12) : '';
const own = new Set<string>();

/** This page starts an action on a lab (`action`), or its action there has ended (null). */
export function ownAction(lab: string, action: string | null): void {
  if (action) own.add(lab);
  else own.delete(lab);
  const known = runnerLabs[lab];
  if (known) known.busy = action;
}

let status: Promise<RunnerStatus | null> | undefined;

/** GET /api/status once per page; null when nothing (or not JSON) answers within eight seconds (opening a real account can be slow). */
export function runnerStatus(): Promise<RunnerStatus | null> {
  status ??= ASK_RUNNER ? ask(true) : Promise.resolve(null);
  return status;
}

/** Asks again, e.g. after the student started LocalStack; `busyToo` takes what runs on each lab as the runner says. */
export function refreshRunnerStatus(busyToo = false): Promise<RunnerStatus | null> {
  status = ASK_RUNNER ? ask(busyToo) : Promise.resolve(null);
  return status;
}

/** How the sidebar marks a passed lab: what it shows, what a screen reader says. */
export interface PassMark {
  shown: string;
  said: string;
}

/**
 * The runner's word on a lab: its mark if its checks passed (saying so when the solution's code built what passed), null
 * if not; undefined where no runner answered, and the reader's own mark counts.
 */
export function runnerPassMark(id: string): PassMark | null | undefined {
  if (!ASK_RUNNER || !runnerLabs[id]) return undefined;
  const progress = runnerLabs[id].progress;
  if (progress?.status !== 'passed') return null;
  return progress.by === 'solution' ? { shown: 'solution ✓', said: ", passed with the solution's code, not yours yet" } : { shown: 'lab ✓', said: ', lab passed' };
}

async function ask(busyToo: boolean): Promise<RunnerStatus | null> {
  try {
    const response = await fetch('/api/status', { signal: AbortSignal.timeout(8000), headers: { accept: 'application/json' } });
    const json = response.ok && response.headers.get('content-type')?.includes('application/json');
    if (!json) return null;
    const body = (await response.json()) as Partial<RunnerStatus>;
    if (typeof body.ready !== 'boolean') return null;
    if (body.ready) {
      take((body as { labs: RunnerLab[] }).labs, busyToo);
      follow();
    }
    return body as RunnerStatus;
  } catch {
    return null;
  }
}

/** What the runner says of each lab; what runs there too with `busyToo`, except where this page runs something. */
function take(labs: RunnerLab[], busyToo: boolean): void {
  for (const lab of labs) {
    const known = runnerLabs[lab.id];
    if (!known) runnerLabs[lab.id] = lab;
    else Object.assign(known, { progress: lab.progress, outputs: lab.outputs }, busyToo && !own.has(lab.id) ? { busy: lab.busy } : {});
  }
}

let events: EventSource | undefined;

function follow(): void {
  if (events) return;
  events = new EventSource('/api/events');
  let opened = false;
  events.onopen = () => {
    // After a dropped connection (EventSource comes back by itself) changes may have been missed: read them again.
    if (opened) void refreshRunnerStatus(true);
    opened = true;
  };
  events.addEventListener('lab', (event) => {
    const change = JSON.parse((event as MessageEvent<string>).data) as Pick<RunnerLab, 'busy' | 'progress'> & { lab: string; page?: string };
    const lab = runnerLabs[change.lab];
    if (lab) lab.progress = change.progress;
    if (lab && change.page !== PAGE) lab.busy = change.busy;
    // What the action made (a run's outputs) comes with the status.
    if (change.busy === null) void refreshRunnerStatus();
  });
}
