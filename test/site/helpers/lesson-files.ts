// The lessons as files, for tests that pick a lesson by what it contains rather than by its name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitFrontMatter } from '../../../site/plugin/front-matter.js';
import { projectRoot } from './build-site.js';

export interface LessonFile {
  slug: string;
  title: string;
  lab?: string;
  body: string;
}

const DIR = join(projectRoot, 'site', 'lessons');

export const LESSON_FILES: LessonFile[] = readdirSync(DIR)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => {
    const { data, body } = splitFrontMatter(name, readFileSync(join(DIR, name), 'utf8'));
    const front = data as { title: string; lab?: string };
    return { slug: name.slice(0, -'.md'.length), title: front.title, ...(front.lab ? { lab: front.lab } : {}), body };
  });

/** The lesson at this place in the order (0 is the first), or a clear failure if the site has fewer. */
export function lessonAt(index: number): LessonFile {
  const lesson = LESSON_FILES[index];
  if (!lesson) throw new Error(`the site has ${LESSON_FILES.length} lessons, no lesson ${index + 1}`);
  return lesson;
}

/** The first lesson that passes the test, or a clear failure naming what was looked for. */
export function lessonWith(what: string, test: (lesson: LessonFile) => boolean): LessonFile {
  const found = LESSON_FILES.find(test);
  if (!found) throw new Error(`no lesson has ${what}`);
  return found;
}
