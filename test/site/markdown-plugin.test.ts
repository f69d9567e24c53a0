// The lessons plugin, without a browser: Markdown in, checked parts and metadata out.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHighlight, type Highlight } from '../../site/plugin/highlight.js';
import type { LabWords } from '../../site/plugin/lab-words.js';
import type { LabMeta, LabMetaLoader } from '../../site/plugin/labs.js';
import { renderLesson, renderLessons, type LessonOptions } from '../../site/plugin/lessons.js';
import { createMarkdown } from '../../site/plugin/markdown.js';
import type { Lesson } from '../../site/shared/types.js';

const VPC_META: LabMeta = {
  id: 'vpc',
  title: 'A network for the app',
  goal: 'Build the network.',
  cost: 'Free.',
  requires: [],
  lessons: ['01-test'],
  steps: [{ id: 'vpc', title: 'Create the VPC', command: 'aws ec2 create-vpc --cidr-block 10.1.0.0/16', hint: 'CreateVpcCommand.' }],
};

/** connect is a known lab whose lab.ts is "not written yet": no metadata. */
const loadLab: LabMetaLoader = (id) => (id === 'vpc' ? VPC_META : undefined);

const root = mkdtempSync(join(tmpdir(), 'workbook-lessons-'));
const lessonsDir = join(root, 'site', 'lessons');
const publicDir = join(root, 'site', 'public');
mkdirSync(lessonsDir, { recursive: true });
mkdirSync(join(publicDir, 'diagrams'), { recursive: true });
writeFileSync(join(publicDir, 'diagrams', 'map.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>');

const VPC_WORDS: LabWords = { id: 'vpc', text: JSON.stringify(VPC_META), names: [], fixedRegion: undefined, requires: [] };
const options: LessonOptions = { root, publicDir, knownLabs: ['connect', 'vpc'], loadLab, labWords: () => [VPC_WORDS] };

let md: MarkdownIt;
let highlight: Highlight;
beforeAll(async () => {
  highlight = await createHighlight();
  md = createMarkdown(highlight);
});

function render(body: string, front = 'title: A test lesson\norder: 1\nminutes: 5', name = '01-test.md'): Promise<Lesson> {
  return renderLesson(md, join(lessonsDir, name), `---\n${front}\n---\n${body}`, options);
}

function htmlOf(lesson: Lesson): string {
  return lesson.content.parts.map((part) => (part.kind === 'html' ? part.html : `[${part.kind}]`)).join('');
}

describe('containers', () => {
  it('renders tip and warning callouts, with a default or a custom title', async () => {
    const html = htmlOf(await render('::: tip\nUse **two** zones.\n:::\n\n::: warning Costs money\nA NAT gateway is billed by the hour.\n:::\n'));
    expect(html).toContain('<div class="callout callout-tip" role="note"><p class="callout-title">Tip</p>');
    expect(html).toContain('<strong>two</strong>');
    expect(html).toContain('<div class="callout callout-warning" role="note"><p class="callout-title">Costs money</p>');
  });
});

describe('headings', () => {
  it('get slug ids, a permalink to the section route, and feed the table of contents', async () => {
    const lesson = await render('## Regions and zones\n\n### Choosing a `region`\n\n#### Small print\n\n## Summary\n\n## Summary\n');
    const html = htmlOf(lesson);
    expect(html).toContain('<h2 id="regions-and-zones" tabindex="-1">Regions and zones');
    expect(html).toContain('href="#/01-test/regions-and-zones"');
    expect(html).toContain('<h3 id="choosing-a-region" tabindex="-1">');
    expect(lesson.content.headings).toEqual([
      { level: 2, id: 'regions-and-zones', text: 'Regions and zones' },
      { level: 3, id: 'choosing-a-region', text: 'Choosing a region' },
      { level: 2, id: 'summary', text: 'Summary' },
      { level: 2, id: 'summary-1', text: 'Summary' },
    ]);
  });

  it('refuse a level-one heading and a skipped level, naming file and line', async () => {
    await expect(render('# Title again\n')).rejects.toThrow('site/lessons/01-test.md:6: start headings at ##');
    await expect(render('## One\n\n#### Three\n')).rejects.toThrow('site/lessons/01-test.md:8: heading jumps from h2 to h4');
  });
});

describe('code blocks', () => {
  it('are highlighted at build time: a coloured token has a class whose colour is a light-dark() pair, plain text none', async () => {
    const html = htmlOf(await render("```ts\nconst zones: string[] = ['eu-central-1a'];\n```\n"));
    expect(html).toContain('<pre class="shiki" tabindex="0"><code><span class="');
    expect(html).not.toContain('style=');
    const keyword = /<span class="(t\d+)">const<\/span>/.exec(html)?.[1];
    const string = /<span class="(t\d+)">'eu-central-1a'<\/span>/.exec(html)?.[1];
    expect(keyword).toBeDefined();
    expect(string).not.toBe(keyword);
    expect(html).toContain('</span>[] <span');
    const css = highlight.colours();
    expect(css).toContain('.shiki{color:light-dark(#1f2328, #e6edf3)}');
    expect(css).toContain(`.shiki .${keyword}{color:light-dark(#CF222E, #FF7B72)}`);
    expect(css).toContain(`.shiki .${string}{color:light-dark(#0A3069, #A5D6FF)}`);
    expect(html).toContain('<span class="code-lang">TypeScript</span>');
    expect(html).toContain('<button type="button" class="copy-code" aria-label="Copy code">Copy</button>');
  });

  it('colour a line to its end however long the tokenizer takes (a busy build machine makes no plain tail)', () => {
    // 20 000 calls on one line take shiki over a second here, beyond its default limit of 500 ms per line.
    const line = Array.from({ length: 20_000 }, (_, index) => `f${index}('s${index}');`).join(' ');
    const html = highlight(line, 'ts');
    expect(html).toMatch(/<span class="t\d+">'s19999'<\/span>\);<\/code><\/pre>$/);
  });

  it('refuse a language that is not highlighted', async () => {
    await expect(render('```cobol\nDISPLAY "HI".\n```\n')).rejects.toThrow('code language "cobol" is not highlighted here');
  });
});

describe('front matter', () => {
  it('must have a title', async () => {
    await expect(render('Text.\n', 'order: 1')).rejects.toThrow('site/lessons/01-test.md: front matter needs a title (a non-empty string)');
  });

  it('must name a lab that exists', async () => {
    await expect(render('Text.\n', 'title: T\norder: 1\nminutes: 5\nlab: foo')).rejects.toThrow(
      'site/lessons/01-test.md: lab "foo" is not a lab (known: connect, vpc)',
    );
  });

  it('must give the estimated time in whole minutes, which the summary carries', async () => {
    await expect(render('Text.\n', 'title: T\norder: 1')).rejects.toThrow(
      'site/lessons/01-test.md: front matter needs minutes, the estimated time in whole minutes (1 to 240)',
    );
    await expect(render('Text.\n', 'title: T\norder: 1\nminutes: 12.5')).rejects.toThrow('front matter needs minutes');
    await expect(render('Text.\n', 'title: T\norder: 1\nminutes: "20"')).rejects.toThrow('front matter needs minutes');
    await expect(render('Text.\n', 'title: T\norder: 1\nminutes: 0')).rejects.toThrow('front matter needs minutes');
    expect((await render('Text.\n', 'title: T\norder: 1\nminutes: 25')).summary.minutes).toBe(25);
  });

  it('must exist, know its keys, and match the number in the file name', async () => {
    await expect(renderLesson(md, join(lessonsDir, '01-test.md'), 'No front matter.\n', options)).rejects.toThrow('front matter is missing');
    await expect(render('Text.\n', 'title: T\norder: 1\nminutes: 5\nlabs: vpc')).rejects.toThrow('front matter key "labs" is not known');
    await expect(render('Text.\n', 'title: T\norder: 2\nminutes: 5')).rejects.toThrow('order 2 does not match the number 01 in the file name');
  });
});

describe('quizzes', () => {
  const quiz = '::: quiz\nWhere do billing metrics live?\n- [ ] Everywhere\n- [x] In `us-east-1`\nThey are published in one region.\n:::\n';

  it('become structured parts with one right choice and an explanation', async () => {
    const lesson = await render(`## Check your understanding\n\n${quiz}`);
    const part = lesson.content.parts.find((p) => p.kind === 'quiz');
    expect(part).toEqual({
      kind: 'quiz',
      quiz: {
        id: '01-test-quiz-1',
        questionHtml: 'Where do billing metrics live?',
        choices: [
          { html: 'Everywhere', correct: false },
          { html: 'In <code class="nobr">us-east-1</code>', correct: true },
        ],
        explanationHtml: '<p>They are published in one region.</p>\n',
      },
    });
  });

  it('need exactly one right choice', async () => {
    await expect(render('::: quiz\nQ?\n- [x] A\n- [x] B\nWhy.\n:::\n')).rejects.toThrow('site/lessons/01-test.md:6: a quiz needs exactly one right choice marked [x], found 2');
  });
});

describe('the lab panel', () => {
  it('carries what the panel shows, each step linked to the section that shows it, and takes its place in the table of contents', async () => {
    const lesson = await render('## Building it\n\n::: lab-steps vpc\nvpc\n:::\n\n::: lab\n:::\n\n## Check your understanding\n', 'title: T\norder: 1\nminutes: 5\nlab: vpc');
    expect(lesson.summary.lab).toBe('vpc');
    expect(lesson.content.parts[1]).toEqual({
      kind: 'lab',
      headingId: 'lab',
      lab: {
        id: 'vpc',
        title: 'A network for the app',
        goal: 'Build the network.',
        cost: 'Free.',
        requires: [],
        steps: [{ title: 'Create the VPC', hint: 'CreateVpcCommand.', lesson: '01-test', section: 'building-it' }],
      },
    });
    expect(lesson.content.parts.map((p) => p.kind)).toEqual(['html', 'lab', 'html']);
    expect(lesson.content.headings.map((h) => h.id)).toEqual(['building-it', 'lab', 'check-your-understanding']);
  });

  it('is left out while the lab has no lab.ts yet', async () => {
    const lesson = await render('## Building it\n\n::: lab\n:::\n', 'title: T\norder: 1\nminutes: 5\nlab: connect');
    expect(lesson.summary.lab).toBe('connect');
    expect(lesson.content.parts.map((p) => p.kind)).toEqual(['html']);
    expect(lesson.content.headings.map((h) => h.id)).toEqual(['building-it']);
  });
});

describe('links and images', () => {
  it('turn lesson files and sections into routes', async () => {
    const html = htmlOf(await render('See [the VPC](./09-vpc.md#what-makes-a-subnet-public) and [below](#later).\n\n## Later\n'));
    expect(html).toContain('<a href="#/09-vpc/what-makes-a-subnet-public">the VPC</a>');
    expect(html).toContain('<a href="#/01-test/later">below</a>');
  });

  it('are checked across lessons', async () => {
    const dir = mkdtempSync(join(root, 'set-'));
    writeFileSync(join(dir, '01-a.md'), '---\ntitle: A\norder: 1\nminutes: 5\n---\nGo to [B](./02-b.md#nowhere).\n');
    writeFileSync(join(dir, '02-b.md'), '---\ntitle: B\norder: 2\nminutes: 5\n---\n## Somewhere\n');
    await expect(renderLessons(md, dir, options)).rejects.toThrow('links to section "nowhere" of 02-b, which has no such heading');
  });

  it('show our diagrams relative to the page, sized from their viewBox, and insist on alt text', async () => {
    const html = htmlOf(await render('![A map of the zones](/diagrams/map.svg)\n'));
    expect(html).toContain('<img class="diagram" src="./diagrams/map.svg" alt="A map of the zones" width="640" height="360" decoding="async">');
    await expect(render('![](/diagrams/map.svg)\n')).rejects.toThrow('needs alt text');
    await expect(render('![Logo](https://example.com/logo.png)\n')).rejects.toThrow('must be one of our diagrams');
    await expect(render('![Gone](/diagrams/gone.svg)\n')).rejects.toThrow('does not exist');
  });
});

describe('the search text', () => {
  it('holds the words of headings, prose and code, without markup, one text per section, code as written', async () => {
    const lesson = await render('Intro (`us-east-1`).\n\n## Regions\n\nAn *availability zone* is `eu-central-1a`.\n\n```sh\naws ec2 describe-regions\n```\n');
    expect(lesson.search).toEqual({
      slug: '01-test',
      title: 'A test lesson',
      sections: [
        { id: null, heading: '', text: 'Intro (us-east-1).' },
        { id: 'regions', heading: 'Regions', text: 'Regions An availability zone is eu-central-1a. aws ec2 describe-regions' },
      ],
    });
  });
});
