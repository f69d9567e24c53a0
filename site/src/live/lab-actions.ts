// The panel's actions and what they leave on the page: one outcome at a time (a run's steps, the check table, what a
// reset removed, a problem, or the labs to build first), never stacked; one status line for the live region; the
// inventory the picture is drawn from, patched by the run's resource events as they come and read again after each
// action; and, on a real account, the account id the student types before anything is created or removed.
import { computed, ref, shallowRef, watch } from 'vue';
import { ownAction, runnerLabs } from '../runner.js';
import { getInventory, labAction, type RunnerError } from './api.js';
import { readNdjson } from './ndjson.js';
import { withResource } from './picture.js';
import { busyText, progressText } from './progress-text.js';
import { applyLine, newRunLog, type RunLog } from './run-log.js';
import { checksSummary, resetSummary } from './summaries.js';
import type { ConsentRequest, Inventory, LabReport, MissingLab, ResetResult, RunKind, StreamLine } from './types.js';

export type Action = RunKind | 'check' | 'reset';

export type Outcome =
  | { type: 'run'; log: RunLog }
  | { type: 'check'; report: LabReport }
  | { type: 'reset'; results: ResetResult[] }
  | { type: 'problem'; message: string; advice: string }
  | { type: 'missing'; missing: MissingLab[] };

export function useLabActions(labId: string) {
  /** What this panel runs now, and on which lab (its own, or one it builds on). */
  const busy = shallowRef<{ action: Action; lab: string } | null>(null);
  const outcome = ref<Outcome | null>(null);
  const message = ref('');
  /** What a real account asks to confirm, while the dialog is open; `answerConsent` is the student's answer. */
  const consent = shallowRef<ConsentRequest | null>(null);
  let answerConsent: (typed: string | null) => void = () => {};
  const inventory = shallowRef<Inventory | null>(null);
  const inventoryProblem = ref('');
  const loadingInventory = ref(false);
  let asked = 0;
  /** What runs on this lab that this panel did not start: another tab, another panel, a second window. */
  const elsewhere = computed(() => (busy.value ? null : (runnerLabs[labId]?.busy ?? null)));

  async function refreshInventory(): Promise<void> {
    const ask = ++asked;
    loadingInventory.value = true;
    const [found, problem] = await getInventory().then(
      (answer) => [answer, ''] as const,
      (error: Error) => [inventory.value, error.message] as const,
    );
    if (ask !== asked) return;
    [inventory.value, inventoryProblem.value, loadingInventory.value] = [found, problem, false];
  }

  // What another page (or panel) does on this lab shows here as it goes, and what it left once it ends.
  watch(elsewhere, (now, before) => {
    if (now) message.value = `Busy: ${busyText(now)} is going on this lab, started elsewhere.`;
    else if (before) {
      message.value = `Done elsewhere. This lab: ${progressText(runnerLabs[labId]?.progress)}.`;
      void refreshInventory();
    }
  });

  /** Calls the API; where a real account asks first, asks the student and calls again with the account id typed. */
  async function confirmed(call: (account?: string) => Promise<Response>): Promise<Response | undefined> {
    try {
      return await call();
    } catch (error) {
      const request = (error as RunnerError).consent;
      if (!request) throw error;
      message.value = 'Confirm in the dialog, or cancel.';
      consent.value = request;
      const typed = await new Promise<string | null>((resolve) => (answerConsent = resolve));
      consent.value = null;
      if (typed !== null) return call(typed);
      message.value = `Cancelled: nothing was ${request.action === 'create' ? 'created' : 'removed'}.`;
    }
  }

  async function run(kind: RunKind, lab: string): Promise<void> {
    message.value = kind === 'solution' ? 'Running the solution…' : 'Running your lab…';
    const answer = await confirmed((account) => labAction(lab, kind, account));
    if (!answer?.body) return;
    let log: RunLog | undefined;
    await readNdjson(answer.body, (value) => {
      const line = value as StreamLine;
      if (!log) {
        outcome.value = { type: 'run', log: newRunLog(kind, lab) };
        log = (outcome.value as { log: RunLog }).log; // the reactive one: each event shows as it arrives
      }
      message.value = applyLine(log, line) ?? message.value;
      if (line.type === 'resource') inventory.value = withResource(inventory.value, line);
      // An output of a lab the runner has not told the page about has nowhere to show.
      if (line.type === 'output') {
        const known = runnerLabs[line.lab];
        if (known) known.outputs[line.name] = line.value;
      }
    });
  }

  async function check(): Promise<void> {
    message.value = 'Checking what is in the cloud…';
    const report = (await (await labAction(labId, 'check')).json()) as LabReport;
    outcome.value = { type: 'check', report };
    message.value = checksSummary(report);
  }

  async function reset(): Promise<void> {
    message.value = 'Removing what this lab created…';
    const answer = await confirmed((account) => labAction(labId, 'reset', account));
    if (!answer) return;
    const { labs } = (await answer.json()) as { labs: ResetResult[] };
    outcome.value = { type: 'reset', results: labs };
    message.value = resetSummary(labs);
    for (const { lab } of labs) (runnerLabs[lab] ?? { outputs: {} }).outputs = {};
  }

  function failed(error: unknown): void {
    const { message: said, advice = '', missing } = error as RunnerError;
    if (missing) {
      outcome.value = { type: 'missing', missing };
      message.value = `First build what this lab builds on: ${missing.map((m) => m.title).join('; ')}.`;
      return;
    }
    // A run that had begun keeps its steps, with the problem at their end.
    if (outcome.value?.type === 'run') outcome.value.log.error = { message: said, advice };
    else outcome.value = { type: 'problem', message: said, advice };
    message.value = said;
  }

  /** `lab`: this panel's lab, or one it builds on (its solution run from here). */
  async function act(action: Action, lab = labId): Promise<void> {
    // A button pressed while something runs on the lab is marked so, and does nothing.
    if (busy.value || elsewhere.value || runnerLabs[lab]?.busy) return;
    busy.value = { action, lab };
    ownAction(lab, action);
    outcome.value = null;
    try {
      await (action === 'check' ? check() : action === 'reset' ? reset() : run(action, lab));
    } catch (error) {
      failed(error);
    } finally {
      busy.value = null;
      ownAction(lab, null);
    }
    await refreshInventory();
  }

  /** Stops the run going on this lab (or the one this panel started on a lab it builds on), whoever started it. */
  function stop(): void {
    message.value = 'Stopping…';
    labAction(busy.value?.lab ?? labId, 'stop').catch(failed);
  }

  return { busy, elsewhere, outcome, message, consent, inventory, inventoryProblem, loadingInventory, act, stop, refreshInventory, answer: (typed: string | null) => answerConsent(typed) };
}
