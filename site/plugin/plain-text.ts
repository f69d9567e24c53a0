// The words of a lesson, without markup, for the in-browser search.
import type { Token } from 'markdown-it';

const CHOICE_MARK = /^\s*[-*] \[[ xX]\]\s+/gm;

export function plainText(tokens: Token[]): string {
  const words: string[] = [];
  for (const token of tokens) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if ((child.type === 'text' && !child.meta?.permalink) || child.type === 'code_inline') words.push(child.content);
      }
    } else if (token.type === 'fence' || token.type === 'quiz') {
      words.push(token.content.replace(CHOICE_MARK, ''));
    }
  }
  return words.join(' ').replace(/\s+/g, ' ').trim();
}
