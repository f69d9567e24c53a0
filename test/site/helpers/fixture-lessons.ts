// A small world of lessons and labs in a temporary folder, for the checks between lessons and labs: a catalogue
// written as `lab dev gen` writes it (validated by the real schema), a lab source, and lessons that agree with them.
// Each test starts from it and changes one thing.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabEntry } from '../../../lab-runner/catalogue/schema.js';

type Step = Pick<LabEntry['steps'][number], 'id' | 'title' | 'command'>;

function entry(id: string, lessons: string[], steps: Step[], more: Partial<LabEntry> = {}): LabEntry {
  return {
    $generated: 'A test fixture.',
    id,
    title: `The ${id} lab`,
    lessons,
    goal: `Build the ${id}.`,
    region: 'target',
    requires: [],
    cost: 'Free.',
    services: ['ec2'],
    resources: ['ec2:vpc'],
    steps: steps.map((step) => ({ ...step, hint: `Send the call for ${step.id}.` })),
    checks: [],
    files: ['lab.ts'],
    ...more,
  };
}

export const FIXTURE_LABS: LabEntry[] = [
  entry('net', ['01-network'], [
    {
      id: 'net',
      title: 'Create the network app-net (10.9.0.0/16)',
      command: "VPC_ID=$(aws ec2 create-vpc --cidr-block 10.9.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=app-net}]' --query Vpc.VpcId --output text)",
    },
    {
      id: 'open',
      title: 'Let HTTPS in',
      command: 'aws ec2 authorize-security-group-ingress --group-id "$SG_ID" --ip-permissions IpProtocol=tcp,FromPort=443,ToPort=443',
    },
  ]),
  entry('alarm', ['02-alarm'], [{ id: 'topic', title: 'Create the topic alerts-topic', command: 'aws sns create-topic --name alerts-topic --region us-east-1' }], {
    region: { fixed: 'us-east-1' },
  }),
  entry('app', ['03-app'], [{ id: 'launch', title: 'Launch the instance', command: 'aws ec2 run-instances --subnet-id "$SUBNET_ID"' }], { requires: ['net'] }),
  entry('extra', ['03-app'], [{ id: 'look', title: 'Ask who you are', command: 'aws sts get-caller-identity' }]),
];

export const FIXTURE_LAB_IDS = FIXTURE_LABS.map((lab) => lab.id);

/** The lab source of `net`: a name and a CIDR block that only its code holds. */
const NET_SOURCE = "export const SUBNET_NAME = 'app-net-a';\nexport const SUBNET_CIDR = '10.9.1.0/24';\n";

export const FIXTURE_LESSONS: Record<string, string> = {
  '01-network.md': `---
title: A network
order: 1
minutes: 10
lab: net
---
The network \`app-net\` holds \`10.9.0.0/16\`, a range inside the private block \`10.0.0.0/8\`, and its subnet \`app-net-a\` holds \`10.9.1.0/24\`.
It lets in TCP 443 only. Build it in any region, such as \`eu-central-1\`.

## Building it

::: lab-steps net
net
open
:::

## Check your understanding

::: quiz
Which range would be wrong here?
- [x] \`10.7.0.0/16\`, on port 8080
- [ ] \`10.9.0.0/16\`
It is not the lab's.
:::
`,
  '02-alarm.md': `---
title: An alarm
order: 2
minutes: 10
lab: alarm
---
The topic \`alerts-topic\` lives in \`us-east-1\`.

## The topic

::: lab-steps alarm
topic
:::

::: include checklist
:::
`,
  '03-app.md': `---
title: The app
order: 3
minutes: 10
lab: app
---
The app runs in \`app-net\`.

## Launching

::: lab-steps app
launch
:::

::: lab
:::

## Who you are

::: lab-steps extra
look
:::

::: lab extra
:::

::: include checklist
:::
`,
};

export const FIXTURE_PARTIALS: Record<string, string> = {
  'checklist.md': `## A checklist

1. The network is [built](./01-network.md#building-it).
2. Remove it all with \`npx lab reset all\`.
`,
};

export interface Fixture {
  root: string;
  lessonsDir: string;
  labsDir: string;
  solutionsDir: string;
  publicDir: string;
}

/** The fixture world, with `change` applied to the files it names (lessons, `partials/…`, or `labs/<id>/lab.json`). */
export function fixture(change: Record<string, (text: string) => string> = {}): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'workbook-fixture-'));
  const dirs = {
    root,
    lessonsDir: join(root, 'site', 'lessons'),
    labsDir: join(root, 'labs'),
    solutionsDir: join(root, 'solutions'),
    publicDir: join(root, 'site', 'public'),
  };
  const write = (relative: string, text: string) => {
    const path = join(root, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, (change[relative.replace(/^site\/lessons\//, '')] ?? ((same: string) => same))(text));
  };
  for (const lab of FIXTURE_LABS) write(`labs/${lab.id}/lab.json`, `${JSON.stringify(lab, null, 2)}\n`);
  write('solutions/net/lab.ts', NET_SOURCE);
  for (const [name, text] of Object.entries(FIXTURE_LESSONS)) write(`site/lessons/${name}`, text);
  for (const [name, text] of Object.entries(FIXTURE_PARTIALS)) write(`site/lessons/partials/${name}`, text);
  mkdirSync(dirs.publicDir, { recursive: true });
  return dirs;
}

/** A copy of a folder of lessons, with one file changed. */
export function copyWith(lessonsDir: string, name: string, change: (text: string) => string): string {
  const copy = mkdtempSync(join(tmpdir(), 'workbook-lessons-'));
  cpSync(lessonsDir, copy, { recursive: true });
  writeFileSync(join(copy, name), change(readFileSync(join(copy, name), 'utf8')));
  return copy;
}

/** The line of a file's text where `needle` first stands, counted from 1. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the text`);
  return text.slice(0, at).split('\n').length;
}
