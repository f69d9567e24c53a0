// The app routes with the URL hash, so the static build opens from any host and any folder:
// `#/02-global-infrastructure` is a lesson, `#/02-global-infrastructure/regions` a section of it.

export interface Route {
  slug: string | null;
  section: string | null;
}

export function lessonHref(slug: string, section?: string | null): string {
  return section ? `#/${slug}/${section}` : `#/${slug}`;
}

export function parseHash(hash: string): Route {
  const [, slug = null, section = null] = /^#\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?\/?$/.exec(hash) ?? [];
  return { slug, section };
}
