// The current route, from the URL hash. Lessons are `#/slug`, sections `#/slug/heading-id`.
import { readonly, shallowRef, type Ref } from 'vue';
import { redirectedRoute } from '../shared/redirects.js';
import { lessonHref, parseHash, type Route } from '../shared/routes.js';

/** The route of the address bar; an old lesson address is replaced, without a history entry, by its new one. */
function routeOfLocation(): Route {
  const route = parseHash(window.location.hash);
  const moved = redirectedRoute(route);
  if (moved === null || moved.slug === null) return route;
  window.history.replaceState(null, '', lessonHref(moved.slug, moved.section));
  return moved;
}

const current = shallowRef<Route>(routeOfLocation());
let navigated = false;

window.addEventListener('hashchange', () => {
  navigated = true;
  current.value = routeOfLocation();
});

/** False until the reader follows a link: the first page load keeps focus where the browser put it. */
export function hasNavigated(): boolean {
  return navigated;
}

export function useRoute(): Readonly<Ref<Route>> {
  return readonly(current);
}

/** Replaces the route without a history entry (used to open the first lesson from a bare URL). */
export function replaceRoute(href: string): void {
  window.history.replaceState(null, '', href);
  current.value = parseHash(window.location.hash);
}
