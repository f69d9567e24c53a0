// The four buttons' actions and what they leave on the page: the run's steps, the check table, the reset summary,
// one status line for the live region, and the inventory the picture is drawn from (refreshed after each action).
import { ref, shallowRef } from 'vue';
import { checkLab, getInventory, resetLab, RunnerError, streamRun } from './api.js';
import { applyLine, newRunLog, type RunLog } from './run-log.js';
import { checksSummary, resetSummary } from './summaries.js';
import type { Inventory, LabReport, ResetResult, RunKind } from './types.js';

export type Action = RunKind | 'check' | 'reset';

export interface Problem {
  message: string;
  advice: string;
}

export function useLabActions(labId: string, onPassed: () => void) {
  const busy = ref<Action | null>(null);
  const log = ref<RunLog | null>(null);
  const report = shallowRef<LabReport | null>(null);
  const reset = shallowRef<ResetResult[] | null>(null);
  const problem = shallowRef<Problem | null>(null);
  const message = ref('');
  const inventory = shallowRef<Inventory | null>(null);
  const inventoryProblem = ref('');
  const loadingInventory = ref(false);
  let inventoryAsked = 0;

  async function refreshInventory(): Promise<void> {
    const asked = ++inventoryAsked;
    loadingInventory.value = true;
    try {
      const answer = await getInventory();
      if (asked === inventoryAsked) [inventory.value, inventoryProblem.value] = [answer, ''];
    } catch (error) {
      if (asked === inventoryAsked) inventoryProblem.value = describe(error).message;
    } finally {
      if (asked === inventoryAsked) loadingInventory.value = false;
    }
  }

  async function run(kind: RunKind): Promise<void> {
    log.value = newRunLog(kind);
    const current = log.value; // the reactive log: each event shows as it arrives
    report.value = null;
    reset.value = null;
    message.value = kind === 'solution' ? 'Running the solution…' : 'Running your lab…';
    await streamRun(labId, kind, (line) => {
      const said = applyLine(current, line);
      if (said) message.value = said;
    });
  }

  async function check(): Promise<void> {
    message.value = 'Checking what is in the cloud…';
    const answer = await checkLab(labId);
    report.value = answer;
    message.value = checksSummary(answer);
    if (answer.passed) onPassed();
  }

  async function resetAll(): Promise<void> {
    message.value = 'Removing what this lab created…';
    const answer = await resetLab(labId);
    [log.value, report.value, reset.value] = [null, null, answer];
    message.value = resetSummary(answer);
  }

  async function act(action: Action): Promise<void> {
    if (busy.value) return;
    busy.value = action;
    problem.value = null;
    try {
      if (action === 'check') await check();
      else if (action === 'reset') await resetAll();
      else await run(action);
    } catch (error) {
      problem.value = describe(error);
      message.value = problem.value.message;
    } finally {
      busy.value = null;
    }
    await refreshInventory();
  }

  return { busy, log, report, reset, problem, message, inventory, inventoryProblem, loadingInventory, act, refreshInventory };
}

function describe(error: unknown): Problem {
  if (error instanceof RunnerError) return { message: error.message, advice: error.advice };
  return { message: error instanceof Error ? error.message : String(error), advice: '' };
}
