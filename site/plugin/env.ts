// What markdown-it carries through one lesson's render: where we are (for error messages) and what we collected.
import type { Env, Token } from 'markdown-it';
import type { Heading, Quiz } from '../shared/types.js';
import { LessonError } from './errors.js';
import type { LabMetaLoader } from './labs.js';
import type { SlugRegistry } from './slug.js';

export interface LessonLink {
  slug: string;
  section: string | null;
  line: number | undefined;
}

/** Where a `::: lab` or `::: lab <id>` stands: `lab` is null for the lesson's own lab (its front matter's). */
export interface LabMarker {
  lab: string | null;
  /** How many headings come before it: the panel's own heading goes there in the contents. */
  headingIndex: number;
  line: number | undefined;
}

/** A `::: lab-steps <id>` block: which steps of which lab it shows, and under which heading. */
export interface StepBlock {
  lab: string;
  steps: string[];
  file: string;
  line: number | undefined;
  section: { id: string; text: string };
}

/** A line of what a lesson says, for the check against its labs: prose (with its inline code), inline code alone, or code. */
export interface LessonWords {
  kind: 'prose' | 'inline-code' | 'code';
  text: string;
  file: string;
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
  /** Where `::: include <name>` finds `<name>.md`, and how error messages name that folder. */
  partialsDir: string;
  partialsFile: string;
  /** The labs lessons may name, and the catalogue's data of each (undefined while a known lab has no entry yet). */
  knownLabs: readonly string[];
  loadLab: LabMetaLoader;
  slugs: SlugRegistry;
  headings: Heading[];
  quizzes: Quiz[];
  links: LessonLink[];
  labMarkers: LabMarker[];
  stepBlocks: StepBlock[];
  words: LessonWords[];
  /** Set while rendering a quiz's explanation, where headings make no sense. */
  inQuiz: boolean;
  /** Set while a partial is parsed into the lesson (see include.ts). */
  inPartial: boolean;
}

/** Tokens parsed from an included file carry that file, so their lines are its lines. */
interface IncludedMeta {
  includedFrom?: string;
}

export function sourceFile(env: RenderEnv, token: Token | undefined): string {
  return (token?.meta as IncludedMeta | null)?.includedFrom ?? env.file;
}

export function fileLine(env: RenderEnv, token: Token | undefined): number | undefined {
  const start = token?.map?.[0];
  if (start === undefined) return undefined;
  return (token?.meta as IncludedMeta | null)?.includedFrom ? start + 1 : start + 1 + env.lineOffset;
}

export function lessonError(env: RenderEnv, token: Token | undefined, problem: string): LessonError {
  return new LessonError(sourceFile(env, token), problem, fileLine(env, token));
}

/** markdown-it hands rules its loosely typed env; ours is always a RenderEnv, made by renderBody. */
export function renderEnv(env: Env | undefined): RenderEnv {
  if (!env || typeof env.file !== 'string') throw new Error('a lesson is rendered without its RenderEnv');
  return env as RenderEnv;
}
