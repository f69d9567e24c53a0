// What the commands that talk to a target share: their options, opening the session, and naming labs.
import { assertKnownLab, labIds } from '../registry.js';
import { colour as c } from '../report/style.js';
import { openSession, type Session } from '../session.js';
import { readState } from '../state.js';
import type { TargetOptions } from '../target.js';

export interface CommonOptions extends TargetOptions {
  yes?: boolean;
  json?: boolean;
}

export async function session(options: CommonOptions): Promise<Session> {
  const s = await openSession(options);
  readState((warning) => process.stderr.write(`${c.yellow('!')} ${warning}\n`));
  return s;
}

export async function idsFor(which: string): Promise<string[]> {
  if (which === 'all') return labIds();
  await assertKnownLab(which);
  return [which];
}
