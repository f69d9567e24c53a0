// One source per lab: the starter is the solution with each marked region replaced by todo('…'), keeping what the
// code after it needs (a declared name, a return), and the solution's markers are checked, with file and line.
import { describe, expect, it } from 'vitest';
import { starterFrom } from '../../lab-runner/authoring/regions.js';

const HEADER = '// header';
const source = (body: string) => `import { defineLab } from '../../lab-runner/lab.js';\n${body}\n`;

function starter(body: string): string {
  const result = starterFrom(source(body), 'solutions/demo/lab.ts', HEADER);
  if ('problems' in result) throw new Error(result.problems.join('\n'));
  return result.starter;
}

describe('starter from a solution', () => {
  it('keeps a destructuring declaration, with its defaults', () => {
    const made = starter("    // solution: send a CreateTopicCommand\n    const { TopicArn = '' } = await ctx.clients.sns.send(\n      new CreateTopicCommand({ Name }),\n    );\n    // end solution\n    ctx.output('topicArn', TopicArn);");
    expect(made).toContain("    const { TopicArn = '' } = todo('send a CreateTopicCommand');\n    ctx.output('topicArn', TopicArn);");
    expect(made).not.toContain('CreateTopicCommand({');
  });

  it('keeps a return, turns a bare call into todo(), and keeps an assignment', () => {
    expect(starter('    // solution: return it\n    return ctx.clients.sts.send(new X());\n    // end solution')).toContain("    return todo('return it');");
    expect(starter('    // solution: attach it\n    await ctx.clients.iam.send(new AttachCommand({}));\n    // end solution')).toContain("    todo('attach it');");
    expect(starter('    // solution: set it\n    found = await look();\n    // end solution')).toContain("    found = todo('set it');");
  });

  it("escapes quotes in the text, adds todo to the lab import and puts the header first", () => {
    const made = starter("    // solution: tags { 'workbook:lab': ctx.labId }\n    await x();\n    // end solution");
    expect(made).toContain("todo('tags { \\'workbook:lab\\': ctx.labId }');");
    expect(made).toContain("import { defineLab, todo } from '../../lab-runner/lab.js';");
    expect(made.startsWith(HEADER)).toBe(true);
  });

  it.each([
    ['    // solution: open\n    await x();', /solutions\/demo\/lab\.ts:2: "\/\/ solution: …" is not closed/],
    ['    await x();\n    // end solution', /solutions\/demo\/lab\.ts:3: "\/\/ end solution" without a "\/\/ solution: …"/],
    ['    // solution: two\n    const a = 1;\n    const b = 2;\n    // end solution', /a region that declares a name must be that one declaration/],
    ['    // solution: empty\n    // end solution', /the region is empty/],
    ['    await x();', /no "\/\/ solution: …" region/],
  ])('refuses bad markers, naming file and line: %j', (body, problem) => {
    const result = starterFrom(source(body), 'solutions/demo/lab.ts', HEADER);
    expect('problems' in result && result.problems.join('\n')).toMatch(problem);
  });
});
