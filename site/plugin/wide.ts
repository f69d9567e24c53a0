// Tables sit in a box of their own that scrolls sideways when the screen is narrower than the table; the app marks
// such a box (see src/wide-blocks.ts) so it can be scrolled by keyboard and shows a cue.
import type { MarkdownIt } from 'markdown-it';

export function widePlugin(md: MarkdownIt): void {
  md.renderer.rules.table_open = (tokens, index, options, _env, self) => `<div class="wide">${self.renderToken(tokens, index, options)}`;
  md.renderer.rules.table_close = (tokens, index, options, _env, self) => `${self.renderToken(tokens, index, options)}</div>\n`;
}
