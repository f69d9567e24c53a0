// What each lab's runs from the page said they made (their outputs: the app's address, the zones connect found), kept
// while the server runs, per target, account, region and lab, so a page opened or reloaded later shows them too. A
// run adds to what is kept (a rerun that stops early leaves the rest standing); a reset of the lab forgets it.
import type { ProgressKey } from '../service/progress.js';

export class LabOutputs {
  private readonly kept = new Map<string, Record<string, string>>();

  note(key: ProgressKey, lab: string, outputs: Record<string, string>): void {
    const text = keyText(key, lab);
    this.kept.set(text, { ...this.kept.get(text), ...outputs });
  }

  forget(key: ProgressKey, lab: string): void {
    this.kept.delete(keyText(key, lab));
  }

  of(key: ProgressKey, lab: string): Record<string, string> {
    return this.kept.get(keyText(key, lab)) ?? {};
  }
}

function keyText({ target, account, region }: ProgressKey, lab: string): string {
  return `${target}|${account}|${region}|${lab}`;
}
