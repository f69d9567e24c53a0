// What the commands that talk to a target share: their options, opening the session, asking the student, and the
// flags that follow-up advice repeats so `npx lab check …` lands where `npx lab run …` did.
import { ask, canAsk } from '../terminal.js';
import { UserError } from '../errors.js';
import { colour as c } from '../report/style.js';
import type { Caller } from '../service/caller.js';
import type { Consent, ConsentRequest } from '../service/consent.js';
import { readState } from '../service/progress.js';
import { openSession, type Session } from '../session.js';
import type { TargetOptions } from '../target.js';
import { out } from './out.js';

export interface CommonOptions extends TargetOptions {
  yes?: boolean;
  json?: boolean;
}

export async function session(options: CommonOptions): Promise<Session> {
  const s = await openSession(options);
  readState((warning) => process.stderr.write(`${c.yellow('!')} ${warning}\n`));
  return s;
}

export function terminalCaller(s: Session, o: CommonOptions, extra: Partial<Caller> = {}): Caller {
  return { session: s, consent: terminalConsent(Boolean(o.yes), o.json ? () => {} : out), holder: `\`npx lab\` (process ${process.pid})`, flags: targetFlags(o), ...extra };
}

/** ` --target aws --region eu-west-1`: the flags that chose the target, to repeat in advice. */
export function targetFlags(o: TargetOptions): string {
  const flags: [string, string | undefined][] = [
    ['--target', o.target],
    ['--endpoint', o.endpoint],
    ['--profile', o.profile],
    ['--region', o.region],
  ];
  return flags.filter(([, value]) => value).map(([flag, value]) => ` ${flag} ${value}`).join('');
}

/** Shows what is about to happen; on a real account the account id must be typed (or --yes given). */
export function terminalConsent(yes: boolean, say: (line: string) => void = out): Consent {
  return async (request) => {
    for (const line of describe(request)) say(line);
    if (yes) return true;
    if (!canAsk()) {
      if (request.target !== 'aws') return true;
      const verb = request.action === 'create' ? 'create resources in' : 'delete from';
      throw new UserError(`Refusing to ${verb} AWS account ${request.account} without a confirmation.`, 'Run it on a terminal to confirm, or pass --yes.');
    }
    if (request.target === 'aws') return (await ask(`Type the account id (${request.account}) to go ahead: `)) === request.account;
    return /^y(es)?$/i.test(await ask('Remove these? [y/N] '));
  };
}

function describe(request: ConsentRequest): string[] {
  const where = `account ${request.account}, region ${request.regions.join(', ')}`;
  if (request.action === 'remove') {
    return [
      `${c.bold(request.labs.map((l) => l.id).join(', '))}: will remove from ${where}:`,
      ...(request.resources ?? []).map((r) => `  - ${r.kind} ${r.name}${r.name !== r.id ? c.dim(` (${r.id})`) : ''}`),
    ];
  }
  return [
    c.bold(`This creates real resources in AWS ${where}.`),
    `  as:   ${request.identity}`,
    ...request.labs.flatMap((lab) => [`  lab:  ${lab.id} — ${lab.title}`, `  cost: ${lab.cost}`]),
    ...(request.undo ? [`  undo: ${request.undo}`] : []),
  ];
}
