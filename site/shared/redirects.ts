// Lessons that moved keep their old addresses: a link or bookmark to an old slug lands on the lesson's new one.
// A new first lesson renumbered every lesson after it, and so did splitting the IAM lesson in two (signed requests,
// users and groups in 08-iam; policies in 09-iam-policies), and so did splitting the hosting lesson (the parts of a
// launch and the user data script in 12-launching-an-instance; the bucket, the launch and the lab in 13-hosting-the-app).
// Sections keep their ids, so `#/07-iam/signed-requests` still works, and a section that went to another lesson is
// followed there: `#/08-iam/policies`, `#/12-hosting-the-app/the-image`.
import type { Route } from './routes.js';

/** Each old slug and the lesson's slug now (never an old slug in between: one replacement reaches it). */
export const MOVED_LESSONS: ReadonlyMap<string, string> = new Map([
  ['01-week-one', '02-week-one'],
  ['02-global-infrastructure', '03-global-infrastructure'],
  ['03-interacting-with-aws', '04-interacting-with-aws'],
  ['04-billing-alarm', '05-billing-alarm'],
  ['05-shared-responsibility', '06-shared-responsibility'],
  ['06-root-user', '07-root-user'],
  ['07-iam', '08-iam'],
  ['08-iam-roles', '10-iam-roles'],
  ['09-iam-roles', '10-iam-roles'],
  ['09-vpc', '11-vpc'],
  ['10-vpc', '11-vpc'],
  ['10-hosting-the-app', '13-hosting-the-app'],
  ['11-hosting-the-app', '13-hosting-the-app'],
  ['12-hosting-the-app', '13-hosting-the-app'],
  ['12-what-you-built', '14-what-you-built'],
  ['13-what-you-built', '14-what-you-built'],
]);

/** Sections that went to another lesson: `slug/section` (the slug of today) and where that section is now. */
export const MOVED_SECTIONS: ReadonlyMap<string, Route> = new Map([
  ['08-iam/policies', { slug: '09-iam-policies', section: 'policies' }],
  ['08-iam/how-aws-decides', { slug: '09-iam-policies', section: 'how-aws-decides' }],
  ['08-iam/an-example-the-photo-reviewer', { slug: '09-iam-policies', section: 'an-example-the-photo-reviewer' }],
  ['08-iam/lab-iam-policies', { slug: '09-iam-policies', section: 'lab' }],
  ['13-hosting-the-app/the-parts-of-a-launch', { slug: '12-launching-an-instance', section: 'the-parts-of-a-launch' }],
  ['13-hosting-the-app/the-image', { slug: '12-launching-an-instance', section: 'the-image' }],
  ['13-hosting-the-app/the-instance-type', { slug: '12-launching-an-instance', section: 'the-instance-type' }],
  ['13-hosting-the-app/imdsv2', { slug: '12-launching-an-instance', section: 'imdsv2' }],
  ['13-hosting-the-app/the-user-data-script', { slug: '12-launching-an-instance', section: 'the-user-data-script' }],
]);

/** The slug a lesson has now: its new one if it moved, else itself. */
export function currentSlug(slug: string): string {
  return MOVED_LESSONS.get(slug) ?? slug;
}

/** The route an old address now means, or null when neither its lesson nor its section has moved. */
export function redirectedRoute(route: Route): Route | null {
  if (route.slug === null) return null;
  const slug = currentSlug(route.slug);
  const section = route.section === null ? undefined : MOVED_SECTIONS.get(`${slug}/${route.section}`);
  if (section !== undefined) return section;
  return slug === route.slug ? null : { slug, section: route.section };
}
