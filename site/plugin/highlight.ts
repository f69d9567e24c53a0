// Code blocks are highlighted once, at build time, by shiki with a light and a dark theme. Each colour is written as
// a light-dark() pair, so the page's colour scheme picks one with CSS alone and the page ships no highlighter.
import type { MarkdownIt } from 'markdown-it';
import { createHighlighter, type Highlighter } from 'shiki';
import { lessonError, renderEnv } from './env.js';
import { tokenAt } from './token-at.js';

export type Highlight = (code: string, lang: string) => string;

const THEMES = { light: 'github-light-default', dark: 'github-dark-default' } as const;

/** Languages a lesson may use, with the label shown above the block. */
const LANGUAGES: Record<string, string> = { ts: 'TypeScript', json: 'JSON', sh: 'Shell', ini: 'INI', text: '' };

const SHIKI_VARIABLES = /;--shiki-[\w-]+:[^;"]*/g;

let highlighter: Promise<Highlighter> | undefined;

export async function createHighlight(): Promise<Highlight> {
  highlighter ??= createHighlighter({
    themes: Object.values(THEMES),
    langs: Object.keys(LANGUAGES).filter((lang) => lang !== 'text'),
  });
  const shiki = await highlighter;
  // The pairs say everything; shiki's --shiki-light/--shiki-dark variables beside them would only add weight.
  return (code, lang) => shiki.codeToHtml(code, { lang, themes: THEMES, defaultColor: 'light-dark()' }).replace(SHIKI_VARIABLES, '');
}

export function fencePlugin(md: MarkdownIt, highlight: Highlight): void {
  md.renderer.rules.fence = (tokens, index, _options, rawEnv) => {
    const env = renderEnv(rawEnv);
    const token = tokenAt(tokens, index);
    const lang = token.info.trim().split(/\s+/)[0] || 'text';
    if (!(lang in LANGUAGES)) {
      throw lessonError(env, token, `code language "${lang}" is not highlighted here (use one of: ${Object.keys(LANGUAGES).join(', ')})`);
    }
    return codeBlock(highlight, token.content.replace(/\n$/, ''), lang);
  };
}

/** A highlighted block with its language and a Copy button (the app's one click listener copies it). */
export function codeBlock(highlight: Highlight, code: string, lang: string): string {
  const label = LANGUAGES[lang] ? `<span class="code-lang">${LANGUAGES[lang]}</span>` : '';
  return (
    `<div class="code-block">` +
    `<div class="code-toolbar">${label}<button type="button" class="copy-code" aria-label="Copy code">Copy</button></div>` +
    `${highlight(code, lang)}</div>\n`
  );
}
