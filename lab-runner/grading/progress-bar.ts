// How far grading is, on a terminal: a spinner with students done out of all, on stderr so --json stays clean.
import type { Ora } from 'ora';

export interface ProgressBar {
  update(done: number): void;
  stop(): void;
}

export async function progressBar(total: number, shown: boolean): Promise<ProgressBar> {
  // A terminal that reports no width (some pseudo-terminals) would have the spinner clear lines without end.
  if (!shown || !process.stderr.isTTY || !(process.stderr.columns > 0)) return { update: () => {}, stop: () => {} };
  const { default: ora } = await import('ora');
  const text = (done: number) => `Grading: ${bar(done, total)} ${done}/${total} students`;
  const spinner: Ora = ora({ text: text(0), stream: process.stderr }).start();
  return {
    update: (done) => void (spinner.text = text(done)),
    stop: () => void spinner.stop(),
  };
}

function bar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
