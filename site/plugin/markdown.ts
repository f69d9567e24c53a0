// One markdown-it instance with everything a lesson uses, and the step that turns a lesson body into parts.
import markdownIt, { type MarkdownIt } from 'markdown-it';
import type { Heading, LessonPart, Quiz, SearchSection } from '../shared/types.js';
import { containersPlugin } from './containers.js';
import { directivesPlugin, PART_MARKER } from './directives.js';
import type { LabMarker, LessonLink, LessonWords, RenderEnv, StepBlock } from './env.js';
import { headingsPlugin } from './headings.js';
import { fencePlugin, type Highlight } from './highlight.js';
import { imagesPlugin } from './images.js';
import { inlineCodePlugin } from './inline-code.js';
import type { LabMetaLoader } from './labs.js';
import { linksPlugin } from './links.js';
import { plainSections } from './plain-text.js';
import { SlugRegistry } from './slug.js';
import { widePlugin } from './wide.js';
import { wordsPlugin } from './words.js';

export function createMarkdown(highlight: Highlight): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: true });
  md.use(headingsPlugin);
  md.use(containersPlugin);
  md.use(directivesPlugin, highlight);
  md.use(linksPlugin);
  md.use(imagesPlugin);
  md.use(inlineCodePlugin);
  md.use(widePlugin);
  md.use(wordsPlugin);
  fencePlugin(md, highlight);
  return md;
}

/** A lesson part, or the place of a lab panel (an index into `labMarkers`), which the lesson fills in. */
export type RenderedPart = Exclude<LessonPart, { kind: 'lab' }> | { kind: 'lab'; marker: number };

export interface RenderedBody {
  parts: RenderedPart[];
  headings: Heading[];
  links: LessonLink[];
  labMarkers: LabMarker[];
  stepBlocks: StepBlock[];
  words: LessonWords[];
  sections: SearchSection[];
}

export interface BodyLocation {
  file: string;
  slug: string;
  lineOffset: number;
  publicDir: string;
  partialsDir: string;
  partialsFile: string;
  knownLabs: readonly string[];
  loadLab: LabMetaLoader;
}

export function renderBody(md: MarkdownIt, body: string, where: BodyLocation): RenderedBody {
  const env: RenderEnv = {
    ...where,
    slugs: new SlugRegistry(),
    headings: [],
    quizzes: [],
    links: [],
    labMarkers: [],
    stepBlocks: [],
    words: [],
    inQuiz: false,
    inPartial: false,
  };
  const tokens = md.parse(body, env);
  const html = md.renderer.render(tokens, md.options, env);
  return {
    parts: splitParts(html, env.quizzes),
    headings: env.headings,
    links: env.links,
    labMarkers: env.labMarkers,
    stepBlocks: env.stepBlocks,
    words: env.words,
    sections: plainSections(tokens),
  };
}

/** Cuts the HTML at the markers the directives left, so quizzes and the lab panel become components. */
function splitParts(html: string, quizzes: Quiz[]): RenderedPart[] {
  const pieces = html.split(new RegExp(PART_MARKER.source));
  const parts: RenderedPart[] = [];
  pieces.forEach((piece, index) => {
    // split() with one capture group alternates: HTML, marker name, HTML, marker name, …
    if (index % 2 === 1) {
      parts.push(markedPart(piece, quizzes));
    } else if (piece.trim() !== '') {
      parts.push({ kind: 'html', html: piece });
    }
  });
  return parts;
}

/** What a marker stands for: `lab:N`, the Nth `::: lab` of the lesson, or `quiz:N`, the Nth quiz rendered. */
function markedPart(marker: string, quizzes: Quiz[]): RenderedPart {
  const [kind, number] = marker.split(':');
  if (kind === 'lab') return { kind: 'lab', marker: Number(number) };
  const quiz = quizzes[Number(number)];
  if (!quiz) throw new Error(`the page has a marker for quiz ${number}, but ${quizzes.length} quizzes were rendered`);
  return { kind: 'quiz', quiz };
}
