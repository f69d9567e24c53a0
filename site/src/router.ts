// The current route, from the URL hash. Lessons are `#/slug`, sections `#/slug/heading-id`.
import { readonly, shallowRef, type Ref } from 'vue';
import { parseHash, type Route } from '../shared/routes.js';

const current = shallowRef<Route>(parseHash(window.location.hash));
let navigated = false;

window.addEventListener('hashchange', () => {
  navigated = true;
  current.value = parseHash(window.location.hash);
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
