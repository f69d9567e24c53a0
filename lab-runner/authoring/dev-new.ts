// `lab dev new <id>`: a new lab from templates: its source with one step, its checks, its cycle test and a lesson
// stub; then the starter and the catalogue entry are generated from them. Fill in from there.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { projectRoot } from '../paths.js';

/** The one step of a new lab: its source defines it, its lesson stub places it. */
const FIRST_STEP = 'who-am-i';

export function scaffoldLab(id: string, title: string): string[] {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new UserError(`"${id}" is not a lab id.`, 'Use lowercase words joined by hyphens, e.g. s3-website.');
  if (existsSync(join(projectRoot, 'solutions', id)) || existsSync(join(projectRoot, 'labs', id))) throw new UserError(`Lab ${id} exists already.`);
  const lesson = `${String(nextLessonNumber()).padStart(2, '0')}-${id}`;
  const files: [string, string][] = [
    [`solutions/${id}/lab.ts`, labSource(id, title, lesson)],
    [`labs/${id}/checks.ts`, checksSource(id)],
    [`test/labs/${id}.test.ts`, testSource(id)],
    [`site/lessons/${lesson}.md`, lessonSource(id, title, lesson)],
  ];
  for (const [file, text] of files) {
    mkdirSync(dirname(join(projectRoot, file)), { recursive: true });
    writeFileSync(join(projectRoot, file), text);
  }
  return files.map(([file]) => file);
}

function nextLessonNumber(): number {
  const dir = join(projectRoot, 'site', 'lessons');
  const numbers = existsSync(dir) ? readdirSync(dir).map((f) => Number(/^(\d\d)-/.exec(f)?.[1] ?? 0)) : [];
  return Math.max(0, ...numbers) + 1;
}

function labSource(id: string, title: string, lesson: string): string {
  return `// Lab \`${id}\`: what the student builds, and why, in a sentence or two.
// This is the lab's one source. \`npx lab dev gen ${id}\` makes the student's labs/${id}/lab.ts from it (each region
// between "// solution: <what to write>" and "// end solution" becomes todo('<what to write>')) and labs/${id}/lab.json.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defineLab } from '../../lab-runner/lab.js';

/** The values the steps hand each other: ctx.output('account', …) and ctx.outputs.account, typos caught. */
interface Outputs {
  account: string;
}

export default defineLab<Outputs>({
  id: '${id}',
  title: ${JSON.stringify(title)},
  lessons: ['${lesson}'],
  goal: 'One paragraph: what the student builds and why it matters.',
  region: 'target',
  requires: [],
  cost: 'Free: say what it costs on a real account, and when.',
  services: ['sts'],
  resources: [],
  steps: [
    {
      id: '${FIRST_STEP}',
      title: 'Ask STS who you are',
      command: 'aws sts get-caller-identity',
      hint: 'Send a GetCallerIdentityCommand with ctx.clients.sts; its answer has Account and Arn.',
      async run(ctx) {
        // solution: send a GetCallerIdentityCommand with ctx.clients.sts
        const me = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
        // end solution
        ctx.output('account', me.Account ?? '');
      },
    },
  ],
});
`;
}

function checksSource(id: string): string {
  return `// Checks for \`${id}\`: each reads the live target itself (never the lab's output) and says what it saw.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defineChecks, expect } from '../../lab-runner/lab.js';

export default defineChecks([
  {
    id: 'account',
    title: 'The credentials belong to a 12-digit AWS account',
    async run(ctx) {
      const { Account = '' } = await ctx.clients.sts.send(new GetCallerIdentityCommand({}));
      return expect(/^\\d{12}$/.test(Account), \`account \${Account || '(none)'}\`);
    },
  },
]);
`;
}

function testSource(id: string): string {
  return `import { describeLabCycle } from '../support/lab-cycle.js';

describeLabCycle({
  labId: '${id}',
  // A 12-digit account of this file's own, so tests never see each other's resources.
  account: '000000009999',
  // For each check id: change the solution's correct state, through the SDK, into exactly that mistake.
  breakers: {},
});
`;
}

/** A lesson stub the site builds: every step of the lab stands in the section that explains it (::: lab-steps). */
export function lessonSource(id: string, title: string, lesson: string): string {
  return `---
title: ${JSON.stringify(title)}
order: ${Number(lesson.slice(0, 2))}
minutes: 30
lab: ${id}
---

What this lesson teaches, in the project's own words.

## The idea

Explain it here. Each step of the lab is listed, by its id, under the heading that explains it:

::: lab-steps ${id}
${FIRST_STEP}
:::

::: lab
:::
`;
}
