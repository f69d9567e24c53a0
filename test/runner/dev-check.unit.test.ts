// `lab dev check` proves the set of labs is sound without any cloud, and names each way it is not, with the command
// that fixes it; `lab dev new` scaffolds a lab that passes it. Problems are injected into a copy of the project.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, type ProjectCopy } from '../support/project-copy.js';

let copy: ProjectCopy;
const env = { ...process.env, NO_COLOR: '1' };

beforeAll(() => {
  copy = copyProject();
});

afterAll(() => copy?.remove());

describe('lab dev check', () => {
  it('passes on the project as it is, within seconds', async () => {
    const started = Date.now();
    const r = await copy.lab(['dev', 'check'], env);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/\d+ labs, 0 problems/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('names a starter that is not what its source makes, and the command that fixes it', async () => {
    const starter = copy.read('labs/billing-alarm/lab.ts');
    copy.write('labs/billing-alarm/lab.ts', starter.replace("todo('send a CreateTopicCommand", "todo('send a CreateTopic command"));
    const r = await copy.lab(['dev', 'check', '--no-typecheck'], env);
    copy.write('labs/billing-alarm/lab.ts', starter);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/labs\/billing-alarm\/lab\.ts is not what solutions\/billing-alarm makes: run `npx lab dev gen billing-alarm`/);
  });

  it.each([
    ['a step without a hint', 'solutions/connect/lab.ts', /hint: '[^']*'/, "hint: ''", /steps\.\d+\.hint: must not be empty/],
    ['a lesson that does not exist', 'solutions/connect/lab.ts', /lessons: \[[^\]]*\]/, "lessons: ['99-nowhere']", /lesson "99-nowhere" is not a file in site\/lessons/],
    ['an unknown prerequisite', 'solutions/connect/lab.ts', /requires: \[\]/, "requires: ['no-such-lab']", /requires unknown lab "no-such-lab"/],
    ['an unknown resource kind', 'solutions/connect/lab.ts', /resources: \[[^\]]*\]/, "resources: ['ec2:teleporter']", /resource kind "ec2:teleporter" is not one the runner knows/],
    ['a service its code calls but does not list', 'solutions/connect/lab.ts', /services: \[[^\]]*\]/, "services: ['sts']", /calls ec2.*but `services` does not list/],
  ])('names %s', async (_what, file, find, replace, problem) => {
    const source = copy.read(file);
    expect(source).toMatch(find);
    copy.write(file, source.replace(find, replace));
    const r = await copy.lab(['dev', 'check', '--no-typecheck'], env);
    copy.write(file, source);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(problem);
  });

  it('names repeated check ids, and a lesson whose lab does not exist', async () => {
    const checks = copy.read('labs/connect/checks.ts');
    const repeated = checks.replace(/id: '([a-z-]+)',([\s\S]*?)id: '[a-z-]+',/, "id: '$1',$2id: '$1',");
    copy.write('labs/connect/checks.ts', repeated);
    const lesson = copy.read('site/lessons/11-vpc.md');
    copy.write('site/lessons/11-vpc.md', lesson.replace('lab: vpc', 'lab: vpc-two'));
    const r = await copy.lab(['dev', 'check', '--no-typecheck'], env);
    copy.write('labs/connect/checks.ts', checks);
    copy.write('site/lessons/11-vpc.md', lesson);
    expect(r.stdout).toMatch(/labs\/connect\/checks\.ts: check ids repeat/);
    expect(r.stdout).toMatch(/site\/lessons\/11-vpc\.md: lab "vpc-two" does not exist/);
  });

  it('type-checks the starters: a generated starter that does not compile is a problem', async () => {
    const source = copy.read('solutions/billing-alarm/lab.ts');
    copy.write('solutions/billing-alarm/lab.ts', source.replace("ctx.output('topicArn', TopicArn);", "ctx.output('topicArn', TopicArn.length);"));
    await copy.lab(['dev', 'gen', 'billing-alarm'], env);
    const r = await copy.lab(['dev', 'check'], env);
    copy.write('solutions/billing-alarm/lab.ts', source);
    await copy.lab(['dev', 'gen', 'billing-alarm'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/solutions\/billing-alarm\/lab\.ts:\d+:\d+: TS2345: Argument of type 'number' is not assignable to parameter of type 'string'/);
  });
});

describe('lab dev new', () => {
  it('scaffolds a lab, its checks, its test and a lesson stub that pass the dev check', async () => {
    const made = await copy.lab(['dev', 'new', 'demo-lab', '--title', 'A demo lab'], env);
    expect(made.code, made.stdout).toBe(0);
    for (const file of ['solutions/demo-lab/lab.ts', 'labs/demo-lab/checks.ts', 'labs/demo-lab/lab.ts', 'labs/demo-lab/lab.json', 'test/labs/demo-lab.test.ts']) {
      expect(made.stdout).toContain(file);
    }
    expect(made.stdout).toMatch(/site\/lessons\/\d\d-demo-lab\.md/);
    const r = await copy.lab(['dev', 'check'], env);
    expect(r.stdout).toMatch(/✓ demo-lab/);
    expect((await copy.lab(['dev', 'new', 'demo-lab'], env)).stderr).toMatch(/Lab demo-lab exists already/);
    expect((await copy.lab(['dev', 'new', 'Not An Id'], env)).stderr).toMatch(/"Not An Id" is not a lab id/);
  });
});
