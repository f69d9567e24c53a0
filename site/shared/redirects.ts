// Lessons that moved keep their old addresses: a link or bookmark to an old slug lands on the lesson's new one.
// A new first lesson renumbered every lesson after it; sections keep their ids, so `#/07-iam/policies` still works.
import type { Route } from './routes.js';

export const MOVED_LESSONS: ReadonlyMap<string, string> = new Map([
  ['01-week-one', '02-week-one'],
  ['02-global-infrastructure', '03-global-infrastructure'],
  ['03-interacting-with-aws', '04-interacting-with-aws'],
  ['04-billing-alarm', '05-billing-alarm'],
  ['05-shared-responsibility', '06-shared-responsibility'],
  ['06-root-user', '07-root-user'],
  ['07-iam', '08-iam'],
  ['08-iam-roles', '09-iam-roles'],
  ['09-vpc', '10-vpc'],
  ['10-hosting-the-app', '11-hosting-the-app'],
]);

/** The slug a lesson has now: its new one if it moved, else itself. */
export function currentSlug(slug: string): string {
  return MOVED_LESSONS.get(slug) ?? slug;
}

/** The route an old address now means, or null when the route's lesson has not moved. */
export function redirectedRoute(route: Route): Route | null {
  const moved = route.slug === null ? undefined : MOVED_LESSONS.get(route.slug);
  return moved === undefined ? null : { slug: moved, section: route.section };
}
