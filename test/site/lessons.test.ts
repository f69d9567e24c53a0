// The real lessons and diagrams: complete, consistent, and built with the real lab metadata.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHighlight } from '../../site/plugin/highlight.js';
import { labCatalogue } from '../../site/plugin/labs.js';
import { renderLessons } from '../../site/plugin/lessons.js';
import { createMarkdown } from '../../site/plugin/markdown.js';
import type { Lesson } from '../../site/shared/types.js';
import { buildSite, LAB_IDS, projectRoot } from './helpers/build-site.js';
import { copyWith, lineOf } from './helpers/fixture-lessons.js';

const lessonsDir = join(projectRoot, 'site', 'lessons');
const diagramsDir = join(projectRoot, 'site', 'public', 'diagrams');
const labsDir = join(projectRoot, 'labs');

const EXPECTED: [slug: string, lab: string | undefined][] = [
  ['01-cloud-and-your-account', undefined],
  ['02-week-one', undefined],
  ['03-global-infrastructure', 'connect'],
  ['04-interacting-with-aws', 'connect'],
  ['05-billing-alarm', 'billing-alarm'],
  ['06-shared-responsibility', undefined],
  ['07-root-user', 'root-and-admin'],
  ['08-iam', 'sign-request'],
  ['09-iam-policies', 'iam-policies'],
  ['10-iam-roles', 'ec2-role'],
  ['11-vpc', 'vpc'],
  ['12-launching-an-instance', undefined],
  ['13-hosting-the-app', 'directory-app'],
  ['14-what-you-built', undefined],
];

const catalogue = labCatalogue(labsDir);
let lessons: Lesson[];

beforeAll(async () => {
  const md = createMarkdown(await createHighlight());
  lessons = await renderLessons(md, lessonsDir, {
    root: projectRoot,
    publicDir: join(projectRoot, 'site', 'public'),
    knownLabs: LAB_IDS,
    loadLab: catalogue.load,
    labWords: catalogue.words,
  });
});

function sources(): { name: string; text: string }[] {
  return readdirSync(lessonsDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({ name, text: readFileSync(join(lessonsDir, name), 'utf8') }));
}

describe('the lessons', () => {
  it('are the thirteen of week one, in order, with their labs', () => {
    expect(lessons.map((l) => [l.summary.slug, l.summary.lab])).toEqual(EXPECTED);
    expect(lessons.map((l) => l.summary.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('each end with 3 or 4 knowledge checks under "Check your understanding"', () => {
    for (const lesson of lessons) {
      const last = lesson.content.headings.at(-1);
      expect(last?.text, lesson.summary.slug).toBe('Check your understanding');
      const quizzes = lesson.content.parts.filter((part) => part.kind === 'quiz');
      expect(quizzes.length, lesson.summary.slug).toBeGreaterThanOrEqual(3);
      expect(quizzes.length, lesson.summary.slug).toBeLessThanOrEqual(4);
      expect(lesson.content.parts.at(-1)?.kind, lesson.summary.slug).toBe('quiz');
    }
  });

  it('show the lab panel, with steps, for every lab in the catalogue', () => {
    for (const lesson of lessons.filter((l) => l.summary.lab)) {
      const panel = lesson.content.parts.flatMap((part) => (part.kind === 'lab' && part.headingId === 'lab' ? [part] : []))[0];
      expect(panel?.lab.id, `${lesson.summary.slug} panel`).toBe(catalogue.ids.includes(lesson.summary.lab ?? '') ? lesson.summary.lab : undefined);
      if (panel) {
        expect(panel.lab.steps.length).toBeGreaterThan(0);
        expect(lesson.content.headings.some((h) => h.id === 'lab')).toBe(true);
      }
    }
  });

  it("link each step of a lab's panel to the section that shows it, in whichever of the lab's lessons that is", () => {
    const panels = lessons.flatMap((lesson) => lesson.content.parts.flatMap((part) => (part.kind === 'lab' ? [{ slug: lesson.summary.slug, lab: part.lab }] : [])));
    expect(panels.length).toBeGreaterThan(0);
    for (const { slug, lab } of panels) {
      for (const step of lab.steps) {
        const shownIn = lessons.find((lesson) => lesson.summary.slug === step.lesson);
        const section = shownIn?.search.sections.find((candidate) => candidate.id === step.section);
        expect(section?.text, `${slug}: ${lab.id}: ${step.title}`).toContain(step.title);
      }
    }
    const connect = panels.find((panel) => panel.slug === '04-interacting-with-aws' && panel.lab.id === 'connect');
    expect(connect?.lab.steps.map((step) => step.lesson)).toEqual(connect?.lab.steps.map(() => '03-global-infrastructure'));
  });

  it('write IAM policies as valid JSON with service:Action names', () => {
    for (const { name, text } of sources()) {
      for (const [, block = ''] of text.matchAll(/```json\n([\s\S]*?)```/g)) {
        const policy = JSON.parse(block) as { Statement?: { Action?: string | string[]; NotAction?: string | string[] }[] };
        for (const statement of policy.Statement ?? []) {
          const actions = [statement.Action ?? statement.NotAction ?? []].flat();
          expect(actions.length, name).toBeGreaterThan(0);
          for (const action of actions) expect(action, name).toMatch(/^[a-z0-9-]+:[A-Za-z*]+$/);
        }
      }
    }
  });
});

describe('the lessons and their labs', () => {
  function bodyOf(slug: string): string {
    const lesson = lessons.find((l) => l.summary.slug === slug);
    return (lesson?.content.parts ?? []).map((part) => (part.kind === 'html' ? part.html : '')).join('');
  }

  it("show every step of every lab, in one of the lab's lessons, as the catalogue has it", () => {
    for (const id of catalogue.ids) {
      const lab = catalogue.load(id);
      const shown = (lab?.lessons ?? []).map(bodyOf).join('');
      for (const [index, step] of (lab?.steps ?? []).entries()) {
        const title = step.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        expect(shown.replace(/<span class="nobr">([^<]*)<\/span>/g, '$1'), `${id}/${step.id}`).toContain(`<li value="${index + 1}"><p><strong>${title}</strong></p>`);
      }
    }
  });

  it('show the labs to do first, for the lab that builds on others', () => {
    const hosting = lessons.find((l) => l.summary.lab === 'directory-app');
    expect(hosting?.summary.prerequisites).toEqual([
      { lab: 'vpc', lesson: '11-vpc' },
      { lab: 'ec2-role', lesson: '10-iam-roles' },
    ]);
  });

  it('give the checklist before a first real run in lessons 1 and 5, from one source', () => {
    for (const slug of ['01-cloud-and-your-account', '05-billing-alarm']) {
      const lesson = lessons.find((l) => l.summary.slug === slug);
      expect(lesson?.content.headings.map((h) => h.id), slug).toContain('before-your-first-real-run');
      expect(bodyOf(slug).replace(/<[^>]+>/g, ''), slug).toContain('npx lab reset all --target aws');
      expect(readFileSync(join(lessonsDir, `${slug}.md`), 'utf8'), slug).toContain('::: include before-your-first-real-run\n:::');
    }
    expect(sources().filter(({ text }) => text.includes('## Before your first real run'))).toEqual([]);
  });

  it('fail the build, naming file and line, when a lesson drifts from its lab', async () => {
    const copy = copyWith(lessonsDir, '11-vpc.md', (text) => text.replace('| `private-a` | `10.1.3.0/24` |', '| `private-a` | `10.1.5.0/24` |'));
    const line = lineOf(readFileSync(join(copy, '11-vpc.md'), 'utf8'), '10.1.5.0/24');
    const md = createMarkdown(await createHighlight());
    const options = { root: copy, publicDir: join(projectRoot, 'site', 'public'), knownLabs: LAB_IDS, loadLab: catalogue.load, labWords: catalogue.words };
    await expect(renderLessons(md, copy, options)).rejects.toThrow(`11-vpc.md:${line}: CIDR block 10.1.5.0/24 is not one its lab uses`);
    await expect(buildSite({ lessonsDir: copy })).rejects.toThrow(`11-vpc.md:${line}: CIDR block 10.1.5.0/24 is not one its lab uses`);
  });
});

describe('the diagrams', () => {
  it('are our own SVGs, each an accessible image used by a lesson', () => {
    const all = sources().map((s) => s.text).join('\n');
    const names = readdirSync(diagramsDir);
    expect(names.sort()).toEqual([
      'architecture.svg',
      'cloud-vs-on-premises.svg',
      'iam-identities.svg',
      'policy-evaluation.svg',
      'regions-azs.svg',
      'shared-responsibility.svg',
      'sigv4.svg',
      'vpc.svg',
      'week-one-built.svg',
    ]);
    for (const name of names) {
      const svg = readFileSync(join(diagramsDir, name), 'utf8');
      expect(svg, name).toMatch(/<svg [^>]*role="img"/);
      expect(svg, name).toMatch(/<title id="title">[^<]+<\/title>/);
      expect(svg, name).toContain('prefers-color-scheme: dark');
      expect(svg, name).not.toMatch(/(href|src)="https?:/);
      expect(all, name).toContain(`(/diagrams/${name})`);
    }
  });
});

describe('lab metadata', () => {
  it('comes from the catalogue (labs/<id>/lab.json), steps without code', () => {
    const meta = catalogue.load('connect');
    expect(meta?.id).toBe('connect');
    expect(meta?.title).toMatch(/\S/);
    expect(meta?.steps.length).toBeGreaterThan(0);
    for (const step of meta?.steps ?? []) expect(Object.keys(step).sort()).toEqual(['command', 'hint', 'id', 'title']);
  });

  it('is absent for a lab that does not exist', () => {
    expect(catalogue.load('no-such-lab')).toBeUndefined();
  });
});
