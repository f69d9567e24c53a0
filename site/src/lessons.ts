// The lessons as the app sees them: the list (bundled with the app) and each body (loaded on demand, once).
import { lessons, loaders } from 'virtual:lessons';
import type { LessonContent, LessonSummary } from '../shared/types.js';

export const allLessons: readonly LessonSummary[] = lessons;

export function findLesson(slug: string | null): LessonSummary | undefined {
  return allLessons.find((lesson) => lesson.slug === slug);
}

export function neighbours(slug: string): { previous?: LessonSummary; next?: LessonSummary } {
  const index = allLessons.findIndex((lesson) => lesson.slug === slug);
  return { previous: allLessons[index - 1], next: index < 0 ? undefined : allLessons[index + 1] };
}

const bodies = new Map<string, Promise<LessonContent>>();

export function loadLessonContent(slug: string): Promise<LessonContent> {
  const load = loaders[slug];
  if (!load) return Promise.reject(new Error(`no lesson ${slug}`));
  let body = bodies.get(slug);
  if (!body) {
    body = load().then((module) => module.default);
    body.catch(() => bodies.delete(slug)); // a failed download may succeed on the next visit
    bodies.set(slug, body);
  }
  return body;
}
