// The words of a lesson, without markup, for the in-browser search: one text per section, so a search can open the
// section where the words are. Words of one line stay as written (`(us-east-1)`, not `( us-east-1 )`).
import type { Token } from 'markdown-it';
import type { SearchSection } from '../shared/types.js';
import { tokenAt } from './token-at.js';

const CHOICE_MARK = /^\s*[-*] \[[ xX]\]\s+/gm;
/** A quiz is kept as its Markdown source: its code marks and emphasis are not words. */
const QUIZ_MARKUP = /`|\*\*?/g;

function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((child) => {
      if (child.type === 'text' && !child.meta?.permalink) return child.content;
      if (child.type === 'code_inline') return child.content;
      if (child.type === 'softbreak' || child.type === 'hardbreak') return ' ';
      return '';
    })
    .join('');
}

/** The text before the first heading has no section (id null); each h2 and h3 starts one. */
export function plainSections(tokens: Token[]): SearchSection[] {
  let current: { id: string | null; heading: string; words: string[] } = { id: null, heading: '', words: [] };
  const sections = [current];
  tokens.forEach((token, index) => {
    const id = token.type === 'heading_open' && (token.tag === 'h2' || token.tag === 'h3') ? token.attrGet('id') : null;
    if (id !== null) {
      current = { id: String(id), heading: inlineText(tokenAt(tokens, index + 1)).trim(), words: [] };
      sections.push(current);
    }
    if (token.type === 'inline') current.words.push(inlineText(token));
    else if (token.type === 'fence') current.words.push(token.content);
    else if (token.type === 'quiz') current.words.push(token.content.replace(CHOICE_MARK, '').replace(QUIZ_MARKUP, ''));
    else if (token.type === 'lab-steps') current.words.push((token.meta as { searchText?: string } | null)?.searchText ?? '');
  });
  return sections
    .map(({ id, heading, words }) => ({ id, heading, text: words.join(' ').replace(/\s+/g, ' ').trim() }))
    .filter((section) => section.text !== '');
}
