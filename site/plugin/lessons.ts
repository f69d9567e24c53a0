// Reads site/lessons/NN-slug.md, checks each lesson and the set as a whole, and renders them for the app.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import type { Lesson, LessonContent, Prerequisite } from '../shared/types.js';
import { checkDrift } from './drift.js';
import type { LessonLink, LessonWords, StepBlock } from './env.js';
import { LessonError } from './errors.js';
import { splitFrontMatter, validateFrontMatter } from './front-matter.js';
import { placeLabPanels, type PlacedPart, type ShownLab } from './lab-panels.js';
import type { LabWords } from './lab-words.js';
import type { LabMetaLoader } from './labs.js';
import { renderBody } from './markdown.js';
import { panelParts, stepPlaces, type StepPlaces } from './panel-steps.js';
import { checkStepSections } from './step-sections.js';

export interface LessonOptions {
  /** Project root: error messages name files relative to it. */
  root: string;
  publicDir: string;
  knownLabs: readonly string[];
  loadLab: LabMetaLoader;
  /** Every lab's words (catalogue entry and source), for the check that lessons say what their labs do. */
  labWords: () => LabWords[];
}

/** A lesson before its panels know where each of their steps is shown, which takes every lesson. */
export interface PlacedLesson extends Omit<Lesson, 'content'> {
  content: Omit<LessonContent, 'parts'> & { parts: PlacedPart[] };
}

export interface RenderedLesson {
  lesson: PlacedLesson;
  file: string;
  links: LessonLink[];
  shown: ShownLab[];
  stepBlocks: StepBlock[];
}

/** Shared pieces of text (`::: include <name>`) live here, beside the lessons. */
export const PARTIALS_FOLDER = 'partials';

const FILE_NAME = /^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** One lesson alone: its panels' steps must be shown in the lesson itself. */
export async function renderLesson(md: MarkdownIt, path: string, source: string, options: LessonOptions): Promise<Lesson> {
  const rendered = await render(md, path, source, options);
  return finished(rendered, stepPlaces([stepsOf(rendered)]));
}

export async function renderLessons(md: MarkdownIt, lessonsDir: string, options: LessonOptions): Promise<Lesson[]> {
  const names = readdirSync(lessonsDir).filter((name) => name.endsWith('.md')).sort();
  const all: RenderedLesson[] = [];
  for (const name of names) {
    const path = join(lessonsDir, name);
    all.push(await render(md, path, readFileSync(path, 'utf8'), options));
  }
  checkTogether(all, options);
  const places = stepPlaces(all.map(stepsOf));
  return all.map((r) => finished(r, places));
}

function stepsOf(rendered: RenderedLesson): { slug: string; stepBlocks: StepBlock[] } {
  return { slug: rendered.lesson.summary.slug, stepBlocks: rendered.stepBlocks };
}

function finished({ lesson, file }: RenderedLesson, places: StepPlaces): Lesson {
  return { ...lesson, content: { ...lesson.content, parts: panelParts(lesson.content.parts, places, file) } };
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

  const partialsDir = join(dirname(path), PARTIALS_FOLDER);
  const rendered = renderBody(md, body, {
    file,
    slug,
    lineOffset: bodyLineOffset,
    publicDir: options.publicDir,
    partialsDir,
    partialsFile: relative(options.root, partialsDir),
    knownLabs: options.knownLabs,
    loadLab: options.loadLab,
  });
  const { parts, headings, shown } = placeLabPanels(rendered, { file, slug, home: front.lab, ...options });
  checkStepBlocks(rendered.stepBlocks, shown);
  checkSaysWhatItsLabsDo(rendered.words, shown, options);
  const prerequisites = prerequisitesOf(shown, options.loadLab);
  return {
    file,
    links: rendered.links,
    shown,
    stepBlocks: rendered.stepBlocks,
    lesson: {
      summary: {
        slug,
        title: front.title,
        order: front.order,
        minutes: front.minutes,
        ...(front.lab ? { lab: front.lab } : {}),
        ...(prerequisites.length > 0 ? { prerequisites } : {}),
      },
      content: { slug, headings, parts },
      search: { slug, title: front.title, sections: rendered.sections },
    },
  };
}

/** A block of a lab's steps belongs to a lab the lesson shows. */
function checkStepBlocks(blocks: StepBlock[], shown: ShownLab[]): void {
  for (const block of blocks) {
    if (!shown.some((lab) => lab.id === block.lab)) {
      throw new LessonError(block.file, `::: lab-steps ${block.lab}: the lesson does not show the lab ${block.lab} (lab: in the front matter, or ::: lab ${block.lab})`, block.line);
    }
  }
}

/** The lesson says nothing its labs, and the labs they build on, do not (see drift.ts). */
function checkSaysWhatItsLabsDo(words: LessonWords[], shown: ShownLab[], options: LessonOptions): void {
  const all = options.labWords();
  const byId = new Map(all.map((lab) => [lab.id, lab]));
  const shownWords = shown.flatMap((lab) => byId.get(lab.id) ?? []);
  if (shownWords.length === 0) return;
  const own = new Set<LabWords>();
  const add = (lab: LabWords | undefined) => {
    if (!lab || own.has(lab)) return;
    own.add(lab);
    for (const id of lab.requires) add(byId.get(id));
  };
  for (const lab of shownWords) add(lab);
  checkDrift(words, { own: [...own], shown: shownWords, all });
}

/** The labs that the shown labs build on, other than those shown here, each with the lesson where it is done. */
function prerequisitesOf(shown: ShownLab[], loadLab: LabMetaLoader): Prerequisite[] {
  const ids = [...new Set(shown.flatMap((lab) => lab.meta?.requires ?? []))].filter((id) => !shown.some((lab) => lab.id === id));
  return ids.flatMap((id) => {
    const lesson = loadLab(id)?.lessons[0];
    return lesson ? [{ lab: id, lesson }] : [];
  });
}

/** Orders are unique, links and prerequisites point at lessons that exist, and every lab step has its section. */
function checkTogether(rendered: RenderedLesson[], options: LessonOptions): void {
  const orders = new Map<number, string>();
  for (const { lesson, file } of rendered) {
    const other = orders.get(lesson.summary.order);
    if (other) throw new LessonError(file, `order ${lesson.summary.order} is already taken by ${other}`);
    orders.set(lesson.summary.order, file);
  }
  const sections = new Map(rendered.map(({ lesson }) => [lesson.summary.slug, new Set(lesson.content.headings.map((h) => h.id))]));
  for (const { file, links, lesson } of rendered) {
    for (const link of links) {
      const target = sections.get(link.slug);
      if (!target) throw new LessonError(file, `links to lesson "${link.slug}", which does not exist`, link.line);
      if (link.section && !target.has(link.section)) {
        throw new LessonError(file, `links to section "${link.section}" of ${link.slug}, which has no such heading`, link.line);
      }
    }
    for (const { lab, lesson: home } of lesson.summary.prerequisites ?? []) {
      if (!sections.has(home)) throw new LessonError(file, `its lab builds on the lab ${lab}, whose lesson ${home} does not exist`);
    }
  }
  checkStepSections(rendered, options);
}
