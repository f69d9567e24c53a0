// Front matter: a YAML block between `---` lines at the top of a lesson, with title, order, minutes and an optional lab.
import { parse } from 'yaml';
import { LessonError } from './errors.js';

export interface FrontMatter {
  title: string;
  order: number;
  /** The estimated time to read the lesson and run its lab, shown on the page. */
  minutes: number;
  lab?: string;
}

export interface SplitSource {
  data: unknown;
  body: string;
  /** Lines taken by the front matter block, so body line numbers can be reported as file line numbers. */
  bodyLineOffset: number;
}

const ALLOWED_KEYS = new Set(['title', 'order', 'minutes', 'lab']);
const MOST_MINUTES = 240;

export function splitFrontMatter(file: string, source: string): SplitSource {
  const [block, yaml] = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source) ?? [];
  if (block === undefined || yaml === undefined) throw new LessonError(file, 'front matter is missing: start the file with a --- block holding title and order');
  let data: unknown;
  try {
    data = parse(yaml);
  } catch (error) {
    throw new LessonError(file, `front matter is not valid YAML: ${(error as Error).message}`);
  }
  return { data, body: source.slice(block.length), bodyLineOffset: block.split('\n').length - 1 };
}

/** Checks the front matter's shape; `knownLabs` are the lab ids that exist (folders under labs/). */
export function validateFrontMatter(file: string, data: unknown, knownLabs: readonly string[]): FrontMatter {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new LessonError(file, 'front matter must be a mapping with title and order');
  }
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!ALLOWED_KEYS.has(key)) throw new LessonError(file, `front matter key "${key}" is not known (allowed: title, order, minutes, lab)`);
  }
  const { title, order, minutes, lab } = record;
  if (typeof title !== 'string' || title.trim() === '') {
    throw new LessonError(file, 'front matter needs a title (a non-empty string)');
  }
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 1) {
    throw new LessonError(file, 'front matter needs an order (a whole number from 1)');
  }
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > MOST_MINUTES) {
    throw new LessonError(file, `front matter needs minutes, the estimated time in whole minutes (1 to ${MOST_MINUTES})`);
  }
  if (lab === undefined) return { title: title.trim(), order, minutes };
  if (typeof lab !== 'string' || !knownLabs.includes(lab)) {
    const known = knownLabs.length > 0 ? knownLabs.join(', ') : 'none';
    throw new LessonError(file, `lab "${String(lab)}" is not a lab (known: ${known})`);
  }
  return { title: title.trim(), order, minutes, lab };
}
