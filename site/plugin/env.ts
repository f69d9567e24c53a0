// What markdown-it carries through one lesson's render: where we are (for error messages) and what we collected.
import type { Env, Token } from 'markdown-it';
import type { Heading, Quiz } from '../shared/types.js';
import { LessonError } from './errors.js';
import type { SlugRegistry } from './slug.js';

export interface LessonLink {
  slug: string;
  section: string | null;
  line: number | undefined;
}

export interface RenderEnv extends Env {
  /** Path shown in error messages, relative to the project root. */
  file: string;
  slug: string;
  /** Lines before the Markdown body (the front matter), so reported lines match the file. */
  lineOffset: number;
  /** Where `/diagrams/…` images live on disk. */
  publicDir: string;
  slugs: SlugRegistry;
  headings: Heading[];
  quizzes: Quiz[];
  links: LessonLink[];
  labMarkers: number;
  /** How many headings come before the `::: lab` marker: the panel's own heading goes there in the contents. */
  labHeadingIndex: number | undefined;
  /** Set while rendering a quiz's explanation, where headings make no sense. */
  inQuiz: boolean;
}

export function fileLine(env: RenderEnv, token: Token | undefined): number | undefined {
  const start = token?.map?.[0];
  return start === undefined ? undefined : start + 1 + env.lineOffset;
}

export function lessonError(env: RenderEnv, token: Token | undefined, problem: string): LessonError {
  return new LessonError(env.file, problem, fileLine(env, token));
}

/** markdown-it hands rules its loosely typed env; ours is always a RenderEnv, made by renderBody. */
export function renderEnv(env: Env | undefined): RenderEnv {
  if (!env || typeof env.file !== 'string') throw new Error('a lesson is rendered without its RenderEnv');
  return env as RenderEnv;
}
