// Never a silent spend: on a real account, show account, region and cost, and require a typed confirmation or --yes.
import { createInterface } from 'node:readline/promises';
import { UserError } from './errors.js';
import type { Lab } from './lab.js';
import { colour as c } from './report/style.js';
import type { Session } from './session.js';

export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

export async function confirmSpend(session: Session, labs: { lab: Lab; region: string }[], yes: boolean): Promise<void> {
  if (session.target.name !== 'aws') return;
  const regions = [...new Set(labs.map((l) => l.region))].join(', ');
  const lines = [
    c.bold(`This creates real resources in AWS account ${session.account}, region ${regions}.`),
    `  as:   ${session.arn}`,
    ...labs.flatMap(({ lab }) => [`  lab:  ${lab.id} — ${lab.title}`, `  cost: ${lab.cost}`]),
    `  undo: npx lab reset ${labs.length === 1 ? labs[0].lab.id : 'all'} --target aws`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (yes) return;
  if (!canAsk()) {
    throw new UserError(`Refusing to create resources in AWS account ${session.account} without a confirmation.`, 'Run it on a terminal to confirm, or pass --yes.');
  }
  const answer = await ask(`Type the account id (${session.account}) to go ahead: `);
  if (answer !== session.account) throw new UserError('Not confirmed; nothing was created.');
}
