// A lab's progress as the runner keeps it, and what runs on a lab, in words for the page (as `lab list` says them).
import type { Progress } from '../runner.js';

export function progressText(progress: Progress | null | undefined): string {
  if (!progress) return 'not started';
  const solution = 'by' in progress && progress.by === 'solution';
  switch (progress.status) {
    case 'stopped':
      return `stopped at step ${progress.step}${progress.reason === 'todo' ? ', yours to write' : ''}`;
    case 'completed':
      return `ran to the end${solution ? ' by the solution' : ''}, not checked yet`;
    case 'passed':
      return solution ? 'passed with the solution’s code, not yours' : 'passed';
    case 'failing':
      return `${progress.failed} check${progress.failed === 1 ? '' : 's'} failing`;
    case 'reset':
      return 'reset: nothing built';
  }
}

/** The panel's line about the lab: a pass by the solution is not the student's. */
export function progressLine(progress: Progress | null | undefined): string {
  if (progress?.status !== 'passed') return `Your progress: ${progressText(progress)}.`;
  return progress.by === 'solution' ? 'Passed with the solution’s code, not yours: Run lab runs yours.' : '✓ Your lab passed: every check passes.';
}

/** "a run of the solution", as the runner says it when a lab is busy. */
export function busyText(action: string): string {
  return { run: 'a run of your code', solution: 'a run of the solution', check: 'a check', reset: 'a reset' }[action] ?? action;
}
