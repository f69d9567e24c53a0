// After a search opens a section, the words found are highlighted there (the CSS Custom Highlight API: the lesson's
// HTML is left untouched) and brought into view. Browsers without the API still open the section.
const NAME = 'search-match';

let wanted: { slug: string; section: string | null; words: string } | null = null;

/** Remembers what a search result is opening, for the lesson page to highlight once it shows. */
export function highlightOnOpen(slug: string, section: string | null, words: string): void {
  wanted = words.trim() === '' ? null : { slug, section, words: words.trim().toLowerCase() };
}

export function clearSearchHighlight(): void {
  if (typeof CSS !== 'undefined' && 'highlights' in CSS) CSS.highlights.delete(NAME);
}

/** The first place after the section's heading (or in the body) where the words are written. */
function findWords(root: Element, section: string | null, words: string): Range | null {
  const start = section ? root.ownerDocument.getElementById(section) : null;
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (start && !(start.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
    if (node.parentElement?.closest('.header-anchor')) continue;
    const at = (node.textContent ?? '').toLowerCase().indexOf(words);
    if (at < 0) continue;
    const range = root.ownerDocument.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    return range;
  }
  return null;
}

/** Highlights the words a search opened this lesson for, if any, and scrolls them into view. */
export function showSearchMatch(slug: string, root: Element): void {
  const match = wanted;
  wanted = null;
  clearSearchHighlight();
  if (!match || match.slug !== slug) return;
  const range = findWords(root, match.section, match.words);
  if (!range) return;
  if ('highlights' in CSS) CSS.highlights.set(NAME, new Highlight(range));
  const box = range.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
}
