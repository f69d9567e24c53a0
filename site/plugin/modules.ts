// The virtual modules the app imports. The lesson list and the code colours' CSS come with the app; each lesson body
// and the search index are separate chunks, loaded when a lesson is opened or the reader first searches.
import type { Lesson } from '../shared/types.js';

export const LESSONS_ID = 'virtual:lessons';
export const LESSON_PREFIX = 'virtual:lesson/';
export const SEARCH_ID = 'virtual:lessons-search';
/** The CSS of the classes highlighted code carries (code-colours.ts), for the lessons as rendered. */
export const CODE_COLOURS_ID = 'virtual:code-colours.css';

export function lessonsModule(lessons: Lesson[]): string {
  const summaries = lessons.map((lesson) => lesson.summary);
  const loaders = lessons
    .map(({ summary }) => `  ${JSON.stringify(summary.slug)}: () => import(${JSON.stringify(LESSON_PREFIX + summary.slug)}),`)
    .join('\n');
  return `export const lessons = ${JSON.stringify(summaries)};\nexport const loaders = {\n${loaders}\n};\n`;
}

export function lessonModule(lessons: Lesson[], slug: string): string | undefined {
  const lesson = lessons.find((candidate) => candidate.summary.slug === slug);
  return lesson && `export default ${JSON.stringify(lesson.content)};\n`;
}

export function searchModule(lessons: Lesson[]): string {
  return `export default ${JSON.stringify(lessons.map((lesson) => lesson.search))};\n`;
}
