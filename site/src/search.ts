// Search over the build-time plain-text index: every word of the query must appear in the lesson; title matches rank
// first. A hit opens the section where the words are (all of them if one section has them all).
import type { SearchEntry, SearchSection } from '../shared/types.js';

export interface SearchHit {
  slug: string;
  title: string;
  /** The section to open: its heading's id and words, null and '' for the lesson's opening text. */
  section: string | null;
  heading: string;
  /** Text around the first match, split so the match can be marked without HTML. */
  before: string;
  match: string;
  after: string;
}

const CONTEXT = 60;

export function searchLessons(entries: readonly SearchEntry[], query: string, limit = 8): SearchHit[] {
  const terms = query.toLowerCase().split(/\s+/).filter((term) => term.length > 0);
  if (terms.length === 0) return [];
  const scored: { hit: SearchHit; score: number }[] = [];
  for (const entry of entries) {
    const title = entry.title.toLowerCase();
    const texts = entry.sections.map((section) => section.text.toLowerCase());
    const inText = (term: string) => texts.some((text) => text.includes(term));
    if (!terms.every((term) => title.includes(term) || inText(term))) continue;
    const score = terms.reduce((sum, term) => sum + (title.includes(term) ? 100 : 0) + Math.min(texts.reduce((n, text) => n + occurrences(text, term), 0), 20), 0);
    scored.push({ hit: { slug: entry.slug, title: entry.title, ...bestSection(entry.sections, texts, terms) }, score });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ hit }) => hit);
}

function occurrences(text: string, term: string): number {
  let count = 0;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) count++;
  return count;
}

/** The first section holding every term, else the first holding any; the lesson's opening when only the title matched. */
function bestSection(sections: SearchSection[], texts: string[], terms: string[]): Omit<SearchHit, 'slug' | 'title'> {
  let index = texts.findIndex((text) => terms.every((term) => text.includes(term)));
  if (index < 0) index = texts.findIndex((text) => terms.some((term) => text.includes(term)));
  const section = sections[Math.max(index, 0)] ?? { id: null, heading: '', text: '' };
  return { section: index < 0 ? null : section.id, heading: index < 0 ? '' : section.heading, ...snippet(section.text, section.text.toLowerCase(), terms) };
}

function snippet(original: string, lower: string, terms: string[]): Pick<SearchHit, 'before' | 'match' | 'after'> {
  const term = terms.find((candidate) => lower.includes(candidate));
  if (!term) return { before: original.slice(0, CONTEXT * 2), match: '', after: '' };
  const at = lower.indexOf(term);
  const start = Math.max(0, at - CONTEXT);
  const end = Math.min(original.length, at + term.length + CONTEXT);
  return {
    before: (start > 0 ? '…' : '') + original.slice(start, at),
    match: original.slice(at, at + term.length),
    after: original.slice(at + term.length, end) + (end < original.length ? '…' : ''),
  };
}
