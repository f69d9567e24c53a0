// Callouts: `::: tip`, `::: note`, `::: warning`, `::: danger`, each with an optional title after the name.
import type { Env, MarkdownIt } from 'markdown-it';
import container from 'markdown-it-container';
import { tokenAt } from './token-at.js';

const KINDS: Record<string, string> = { tip: 'Tip', note: 'Note', warning: 'Warning', danger: 'Danger' };

export function containersPlugin(md: MarkdownIt): void {
  for (const [kind, label] of Object.entries(KINDS)) {
    md.use(container, kind, {
      validate: (params: string) => params.trim().split(/\s+/)[0] === kind,
      render(tokens: { info: string; nesting: number }[], index: number, _options: unknown, env: unknown): string {
        const token = tokenAt(tokens, index);
        if (token.nesting !== 1) return '</div>\n';
        const title = token.info.trim().slice(kind.length).trim() || label;
        return `<div class="callout callout-${kind}" role="note"><p class="callout-title">${md.renderInline(title, env as Env)}</p>\n`;
      },
    });
  }
}
