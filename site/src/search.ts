// Search over the build-time plain-text index: every word of the query must appear; title matches rank first.
import type { SearchEntry } from '../shared/types.js';

export interface SearchHit {
  slug: string;
  title: string;
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
    const text = entry.text.toLowerCase();
    if (!terms.every((term) => title.includes(term) || text.includes(term))) continue;
    const score = terms.reduce((sum, term) => sum + (title.includes(term) ? 100 : 0) + Math.min(occurrences(text, term), 20), 0);
    scored.push({ hit: { slug: entry.slug, title: entry.title, ...snippet(entry.text, text, terms) }, score });
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
