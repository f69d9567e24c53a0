// Where the reader was on each page of the history, so Back and Forward return there instead of to the top (the
// lesson loads after the browser would restore the position itself, so the app does it). Each history entry keeps
// its own scroll position in history.state, saved as the reader scrolls and again when a link is followed.
const SAVE_AFTER_MS = 150;

let pending: number | null = null;
let timer: number | undefined;

function save(): void {
  window.clearTimeout(timer);
  try {
    window.history.replaceState({ ...(window.history.state as object | null), scrollY: window.scrollY }, '');
  } catch {
    // A browser that limits history updates keeps its own behaviour: the top of the page.
  }
}

function savedScroll(state: unknown): number | null {
  const value = (state as { scrollY?: unknown } | null)?.scrollY;
  return typeof value === 'number' ? value : null;
}

window.history.scrollRestoration = 'manual';
window.addEventListener('scroll', () => {
  window.clearTimeout(timer);
  timer = window.setTimeout(save, SAVE_AFTER_MS);
}, { passive: true });
// Before the browser leaves this entry for a link's, record the position it has now.
document.addEventListener('click', (event) => {
  if (!(event.target as Element | null)?.closest?.('a[href^="#"]')) return;
  save();
  pending = null;
}, { capture: true });
window.addEventListener('popstate', (event) => {
  pending = savedScroll(event.state);
});

/** The position to return to after Back or Forward, once; null after following a link. */
export function takeReturnPosition(): number | null {
  const position = pending;
  pending = null;
  return position;
}
