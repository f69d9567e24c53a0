// Inline code that names one thing (a lab id, a resource name, a region) is never broken across lines; longer code
// may still wrap, or it would widen a phone's page.
import type { MarkdownIt } from 'markdown-it';
import { tokenAt } from './token-at.js';

const ONE_NAME = /^\S{1,30}$/;

export function inlineCodePlugin(md: MarkdownIt): void {
  md.renderer.rules.code_inline = (tokens, index) => {
    const { content } = tokenAt(tokens, index);
    const attributes = ONE_NAME.test(content) ? ' class="nobr"' : '';
    return `<code${attributes}>${md.utils.escapeHtml(content)}</code>`;
  };
}
