// One markdown-it instance with everything a lesson uses, and the step that turns a lesson body into parts.
import markdownIt, { type MarkdownIt } from 'markdown-it';
import type { Heading, LessonPart, Quiz, SearchSection } from '../shared/types.js';
import { containersPlugin } from './containers.js';
import { directivesPlugin, PART_MARKER } from './directives.js';
import type { LessonLink, RenderEnv } from './env.js';
import { headingsPlugin } from './headings.js';
import { fencePlugin, type Highlight } from './highlight.js';
import { imagesPlugin } from './images.js';
import { inlineCodePlugin } from './inline-code.js';
import { linksPlugin } from './links.js';
import { plainSections } from './plain-text.js';
import { SlugRegistry } from './slug.js';
import { widePlugin } from './wide.js';

export function createMarkdown(highlight: Highlight): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: true });
  md.use(headingsPlugin);
  md.use(containersPlugin);
  md.use(directivesPlugin);
  md.use(linksPlugin);
  md.use(imagesPlugin);
  md.use(inlineCodePlugin);
  md.use(widePlugin);
  fencePlugin(md, highlight);
  return md;
}

export interface RenderedBody {
  parts: LessonPart[];
  headings: Heading[];
  links: LessonLink[];
  labMarkers: number;
  labHeadingIndex: number | undefined;
  sections: SearchSection[];
}

export interface BodyLocation {
  file: string;
  slug: string;
  lineOffset: number;
  publicDir: string;
}

export function renderBody(md: MarkdownIt, body: string, where: BodyLocation): RenderedBody {
  const env: RenderEnv = {
    ...where,
    slugs: new SlugRegistry(),
    headings: [],
    quizzes: [],
    links: [],
    labMarkers: 0,
    labHeadingIndex: undefined,
    inQuiz: false,
  };
  const tokens = md.parse(body, env);
  const html = md.renderer.render(tokens, md.options, env);
  return {
    parts: splitParts(html, env.quizzes),
    headings: env.headings,
    links: env.links,
    labMarkers: env.labMarkers,
    labHeadingIndex: env.labHeadingIndex,
    sections: plainSections(tokens),
  };
}

/** Cuts the HTML at the markers the directives left, so quizzes and the lab panel become components. */
function splitParts(html: string, quizzes: Quiz[]): LessonPart[] {
  const pieces = html.split(new RegExp(PART_MARKER.source));
  const parts: LessonPart[] = [];
  pieces.forEach((piece, index) => {
    // split() with one capture group alternates: HTML, marker name, HTML, marker name, …
    if (index % 2 === 1) {
      parts.push(piece === 'lab' ? { kind: 'lab' } : { kind: 'quiz', quiz: quizzes[Number(piece.slice('quiz:'.length))] });
    } else if (piece.trim() !== '') {
      parts.push({ kind: 'html', html: piece });
    }
  });
  return parts;
}
