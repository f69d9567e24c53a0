// Headings get slug ids and a permalink, are checked to go down one level at a time, and feed the table of contents.
import type { MarkdownIt } from 'markdown-it';
import type { Token } from 'markdown-it';
import { lessonHref } from '../shared/routes.js';
import { lessonError, renderEnv } from './env.js';
import { tokenAt } from './token-at.js';

export function headingsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('heading_ids', (state) => {
    // Inline-only renders (a callout's title) have no headings and no lesson env to consult.
    if (!state.tokens.some((token) => token.type === 'heading_open' || token.type === 'lab')) return;
    const env = renderEnv(state.env);
    // A second lab's panel has the heading id lab-<id> (the lesson's own lab has "lab"): no section may take it.
    for (const token of state.tokens) if (token.type === 'lab' && token.info !== '') env.slugs.reserve(`lab-${token.info}`);
    let previous = 1;
    state.tokens.forEach((open, index) => {
      if (open.type === 'lab') open.meta = { ...(open.meta as object | null), headingIndex: env.headings.length };
      if (open.type !== 'heading_open') return;
      const level = Number(open.tag.slice(1));
      if (env.inQuiz) throw lessonError(env, open, 'a quiz explanation cannot hold headings');
      if (level === 1) throw lessonError(env, open, 'start headings at ##: the page title comes from the front matter');
      if (level > previous + 1) throw lessonError(env, open, `heading jumps from h${previous} to h${level}; go down one level at a time`);
      previous = level;

      const inline = tokenAt(state.tokens, index + 1);
      const text = headingText(inline);
      const id = env.slugs.unique(text);
      open.attrSet('id', id);
      open.attrSet('tabindex', '-1');
      if (level === 2 || level === 3) env.headings.push({ level, id, text });
      inline.children?.push(...permalink(state.Token, env.slug, id));
    });
  });
}

function headingText(inline: Token): string {
  return (inline.children ?? [])
    .filter((child) => child.type === 'text' || child.type === 'code_inline')
    .map((child) => child.content)
    .join('')
    .trim();
}

// The table of contents already offers these links to keyboards and screen readers; this one is for the mouse.
function permalink(TokenClass: typeof Token, slug: string, id: string): Token[] {
  const open = new TokenClass('link_open', 'a', 1);
  open.attrs = [
    ['class', 'header-anchor'],
    ['href', lessonHref(slug, id)],
    ['aria-hidden', 'true'],
    ['tabindex', '-1'],
  ];
  const text = new TokenClass('text', '', 0);
  text.content = '#';
  text.meta = { permalink: true };
  const close = new TokenClass('link_close', 'a', -1);
  return [open, text, close];
}
