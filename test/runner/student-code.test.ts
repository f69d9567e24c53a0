// What a student's own code meets when it is wrong: a syntax error or a type error is shown before anything runs, in
// the right file, with line, column and the code around it; a runtime error names the line it happened on; an
// endless loop stops on Ctrl-C and on its step's time limit, and frees the lab for the next run. Each case is a copy
// of the project whose billing-alarm starter holds the mistake, run through its own `lab` command.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLabs } from '../../lab-runner/service/run.js';
import { billingAlertsOn } from '../support/billing-alerts.js';
import { testCaller } from '../support/lab-cycle.js';
import { copyProject, type ProjectCopy } from '../support/project-copy.js';
import { localEnv, localSession } from '../support/session.js';
import { spawnCli } from '../support/spawn-cli.js';

const account = '000000001201';
const env = localEnv(account);
let copy: ProjectCopy;
let solution: string;

/** The solution, with one piece of step code replaced: the student's mistake. */
function studentCode(find: string, replace: string): string {
  expect(solution.includes(find), `the solution has ${find}`).toBe(true);
  return solution.replace(find, replace);
}

beforeAll(async () => {
  copy = copyProject();
  solution = copy.read('solutions/billing-alarm/lab.ts');
  await billingAlertsOn(account);
});

afterAll(() => copy?.remove());

describe("a student's code that does not compile or type-check", () => {
  it('shows a syntax error with file, line, column and frame, and runs nothing', async () => {
    copy.write('labs/billing-alarm/lab.ts', studentCode("Tags: ctx.tags() }));\n        // end solution\n        ctx.output('topicArn'", "Tags: ctx.tags() });\n        // end solution\n        ctx.output('topicArn'"));
    const r = await copy.lab(['run', 'billing-alarm'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Your code for billing-alarm does not compile, so nothing ran/);
    expect(r.stdout).toMatch(/labs\/billing-alarm\/lab\.ts:\d+:\d+ - error: Expected "\)" but found ";"/);
    expect(r.stdout).toMatch(/> \d+ \| .*Tags: ctx\.tags\(\) \}\);/);
    expect(r.stdout).not.toMatch(/1\/7/);
  });

  it('names the file the error is in, not the lab file that imports it', async () => {
    copy.write('labs/billing-alarm/lab.ts', solution);
    const spec = copy.read('labs/billing-alarm/spec.ts');
    copy.write('labs/billing-alarm/spec.ts', spec.replace("export const TOPIC_NAME = 'billing-alerts';", "export const TOPIC_NAME = 'billing-alerts;"));
    const r = await copy.lab(['run', 'billing-alarm'], env);
    copy.write('labs/billing-alarm/spec.ts', spec);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/labs\/billing-alarm\/spec\.ts:\d+:\d+ - error: Unterminated string literal/);
  });

  it('shows type errors as the compiler does, and runs anyway with --no-typecheck', async () => {
    // A forgotten await, and TagSpecifications-like nesting: both run "fine" untyped, both are caught.
    copy.write('labs/billing-alarm/lab.ts', studentCode('const { TopicArn = \'\' } = await ctx.clients.sns.send(', 'const { TopicArn = \'\' } = ctx.clients.sns.send('));
    const r = await copy.lab(['run', 'billing-alarm'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Your code for billing-alarm has a type error, so nothing ran/);
    expect(r.stdout).toMatch(/labs\/billing-alarm\/lab\.ts:\d+:\d+ - error TS2339: Property 'TopicArn' does not exist on type 'Promise<CreateTopicCommandOutput>'/);
    expect(r.stdout).toMatch(/> \d+ \| +const \{ TopicArn = '' \} = ctx\.clients\.sns\.send\(/);
    const unchecked = await copy.lab(['run', 'billing-alarm', '--no-typecheck'], env);
    expect(unchecked.stdout).toMatch(/1\/7 See that billing data reaches CloudWatch/);
  });
});

describe("a student's code that fails as it runs", () => {
  it('names the line of a runtime error, with its frame; LAB_DEBUG=1 adds the stack', async () => {
    copy.write('labs/billing-alarm/lab.ts', studentCode("ctx.output('topicArn', TopicArn);", "ctx.output('topicArn', (undefined as unknown as { arn: string }).arn);"));
    const r = await copy.lab(['run', 'billing-alarm'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ TypeError: Cannot read properties of undefined \(reading 'arn'\)/);
    expect(r.stdout).toMatch(/labs\/billing-alarm\/lab\.ts:\d+:\d+\n.*\n.*\n\s+> \d+ \|.*\(undefined as unknown as/);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    const debug = await copy.lab(['run', 'billing-alarm'], { ...env, LAB_DEBUG: '1' });
    expect(debug.stdout).toMatch(/\n\s+at .*labs\/billing-alarm\/lab\.ts:\d+:\d+/);
  });

  it('stops an endless loop on Ctrl-C within 2 s, and the next run finds the lab free', async () => {
    copy.write('labs/billing-alarm/lab.ts', studentCode("ctx.output('topicArn', TopicArn);", "for (;;) {} // the student's endless loop"));
    const running = spawnCli(['run', 'billing-alarm'], env, join(copy.root, 'bin', 'lab.js'));
    await running.waitFor(/2\/7 Create the SNS topic/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = Date.now();
    running.child.kill('SIGINT');
    const done = await running.done;
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(done.code).toBe(130);
    expect(done.stdout).toMatch(/Stopped during step 2\. What it made is tagged workbook:lab=billing-alarm: run the lab again to continue/);
    copy.write('labs/billing-alarm/lab.ts', solution);
    const again = await copy.lab(['run', 'billing-alarm'], env);
    expect(again.stdout).not.toMatch(/busy/);
    expect(again.code, again.stdout).toBe(0);
  });

  it('ends a run stopped before its code started (its page went away while it compiled) as stopped, with no process left to talk to', async () => {
    const session = await localSession(account);
    const runs = await runLabs({ which: 'connect', solution: true }, { ...testCaller(session), signal: AbortSignal.abort() });
    expect(runs.at(-1)?.result).toMatchObject({ outcome: 'stopped', reason: 'cancelled' });
  });

  it("stops a step that runs past its time limit, naming the limit", async () => {
    const hang = studentCode("ctx.output('topicArn', TopicArn);", "ctx.output('topicArn', TopicArn);\n        await new Promise((resolve) => setTimeout(resolve, 3_600_000));").replace("id: 'topic',", "id: 'topic',\n      timeoutSeconds: 2,");
    copy.write('labs/billing-alarm/lab.ts', hang);
    const started = Date.now();
    const r = await copy.lab(['run', 'billing-alarm'], env);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ StepTimeout: Step 2 did not finish within 2 s, its time limit, so it was stopped\./);
    copy.write('labs/billing-alarm/lab.ts', solution);
  });

  it('says so when a step awaits a promise nothing will ever resolve', async () => {
    copy.write('labs/billing-alarm/lab.ts', studentCode("ctx.output('topicArn', TopicArn);", "ctx.output('topicArn', TopicArn);\n        await new Promise(() => {});"));
    const r = await copy.lab(['run', 'billing-alarm'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ StepNeverFinished: Step 2 waits for something that can never happen: a promise nothing resolves\./);
    copy.write('labs/billing-alarm/lab.ts', solution);
  });
});
