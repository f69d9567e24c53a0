// Reads site/lessons/NN-slug.md, checks each lesson and the set as a whole, and renders them for the app.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import type { Heading, LabMeta, Lesson, LessonPart } from '../shared/types.js';
import type { LessonLink } from './env.js';
import { LessonError } from './errors.js';
import { splitFrontMatter, validateFrontMatter } from './front-matter.js';
import type { LabMetaLoader } from './labs.js';
import { renderBody, type RenderedBody } from './markdown.js';

export interface LessonOptions {
  /** Project root: error messages name files relative to it. */
  root: string;
  publicDir: string;
  knownLabs: readonly string[];
  loadLab: LabMetaLoader;
}

interface RenderedLesson {
  lesson: Lesson;
  file: string;
  links: LessonLink[];
}

const FILE_NAME = /^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

export async function renderLesson(md: MarkdownIt, path: string, source: string, options: LessonOptions): Promise<Lesson> {
  return (await render(md, path, source, options)).lesson;
}

export async function renderLessons(md: MarkdownIt, lessonsDir: string, options: LessonOptions): Promise<Lesson[]> {
  const names = readdirSync(lessonsDir).filter((name) => name.endsWith('.md')).sort();
  const all: RenderedLesson[] = [];
  for (const name of names) {
    const path = join(lessonsDir, name);
    all.push(await render(md, path, readFileSync(path, 'utf8'), options));
  }
  checkTogether(all);
  return all.map((r) => r.lesson);
}

async function render(md: MarkdownIt, path: string, source: string, options: LessonOptions): Promise<RenderedLesson> {
  const file = relative(options.root, path);
  const name = FILE_NAME.exec(path.split(/[\\/]/).pop() ?? '');
  if (!name) throw new LessonError(file, 'lesson files are named NN-slug.md, e.g. 02-global-infrastructure.md');
  const slug = `${name[1]}-${name[2]}`;

  const { data, body, bodyLineOffset } = splitFrontMatter(file, source);
  const front = validateFrontMatter(file, data, options.knownLabs);
  if (front.order !== Number(name[1])) {
    throw new LessonError(file, `order ${front.order} does not match the number ${name[1]} in the file name`);
  }

  const rendered = renderBody(md, body, { file, slug, lineOffset: bodyLineOffset, publicDir: options.publicDir });
  if (rendered.labMarkers > 1) throw new LessonError(file, '::: lab appears more than once');
  if (rendered.labMarkers === 1 && !front.lab) throw new LessonError(file, '::: lab is used but the front matter names no lab');

  const lab = front.lab ? await options.loadLab(front.lab) : undefined;
  const { parts, headings } = placeLabPanel(rendered, lab);
  return {
    file,
    links: rendered.links,
    lesson: {
      summary: { slug, title: front.title, order: front.order, minutes: front.minutes, ...(front.lab ? { lab: front.lab } : {}) },
      content: { slug, headings, parts, ...(lab ? { lab } : {}) },
      search: { slug, title: front.title, sections: rendered.sections },
    },
  };
}

/**
 * The panel goes where `::: lab` stands, or at the end. Its h2 (id "lab") joins the table of contents.
 * A lab whose lab.ts is not written yet has no metadata: the lesson then shows no panel.
 */
function placeLabPanel(body: RenderedBody, lab: LabMeta | undefined): { parts: LessonPart[]; headings: Heading[] } {
  if (!lab) return { parts: body.parts.filter((part) => part.kind !== 'lab'), headings: body.headings };
  const parts: LessonPart[] = body.labMarkers === 0 ? [...body.parts, { kind: 'lab' }] : body.parts;
  const at = body.labHeadingIndex ?? body.headings.length;
  const labHeading: Heading = { level: 2, id: 'lab', text: `Lab: ${lab.title}` };
  return { parts, headings: [...body.headings.slice(0, at), labHeading, ...body.headings.slice(at)] };
}

/** Orders are unique, and links between lessons point at lessons and sections that exist. */
function checkTogether(rendered: RenderedLesson[]): void {
  const orders = new Map<number, string>();
  for (const { lesson, file } of rendered) {
    const other = orders.get(lesson.summary.order);
    if (other) throw new LessonError(file, `order ${lesson.summary.order} is already taken by ${other}`);
    orders.set(lesson.summary.order, file);
  }
  const sections = new Map(rendered.map(({ lesson }) => [lesson.summary.slug, new Set(lesson.content.headings.map((h) => h.id))]));
  for (const { file, links } of rendered) {
    for (const link of links) {
      const target = sections.get(link.slug);
      if (!target) throw new LessonError(file, `links to lesson "${link.slug}", which does not exist`, link.line);
      if (link.section && !target.has(link.section)) {
        throw new LessonError(file, `links to section "${link.section}" of ${link.slug}, which has no such heading`, link.line);
      }
    }
  }
}
