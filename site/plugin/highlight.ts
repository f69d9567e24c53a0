// Code blocks are highlighted once, at build time, by shiki with a light and a dark theme. Each colour is a light-dark()
// pair, so the page's colour scheme picks one with CSS alone and the page ships no highlighter. A coloured token
// carries a class of the code's colours (code-colours.ts), not an inline style: a lesson with code weighs less.
import type { MarkdownIt } from 'markdown-it';
import { createHighlighter, type BundledLanguage, type Highlighter, type SpecialLanguage, type ThemedToken } from 'shiki';
import { CodeColours } from './code-colours.js';
import { lessonError, renderEnv } from './env.js';
import { tokenAt } from './token-at.js';

export interface Highlight {
  /** The code as `<pre class="shiki">`, each coloured token a span with its colour's class. */
  (code: string, lang: string): string;
  /** The CSS of the block's colour and of every class this highlight has handed out. */
  colours(): string;
}

const THEMES = { light: 'github-light-default', dark: 'github-dark-default' } as const;

/** Languages a lesson may use, with the label shown above the block. */
const LANGUAGES = { ts: 'TypeScript', json: 'JSON', sh: 'Shell', ini: 'INI', text: '' } as const satisfies Partial<Record<BundledLanguage | SpecialLanguage, string>>;

type Language = keyof typeof LANGUAGES;

function isLanguage(lang: string): lang is Language {
  return Object.hasOwn(LANGUAGES, lang);
}

let highlighter: Promise<Highlighter> | undefined;

/** A highlight with classes of its own: the lessons it renders and the CSS of their colours go together. */
export async function createHighlight(): Promise<Highlight> {
  highlighter ??= createHighlighter({
    themes: Object.values(THEMES),
    langs: Object.keys(LANGUAGES).filter((lang) => lang !== 'text'),
  });
  const shiki = await highlighter;
  const colours = new CodeColours();
  const highlight = (code: string, lang: string): string => {
    if (!isLanguage(lang)) throw new Error(`code language "${lang}" is not highlighted here`);
    // No time limit per line (shiki's default is 500 ms): on a busy machine the rest of a line would come out plain
    // in one theme and coloured in the other, and the build would depend on the machine's load.
    const { tokens, fg = '' } = shiki.codeToTokens(code, { lang, themes: THEMES, defaultColor: 'light-dark()', tokenizeTimeLimit: 0 });
    // fg is the pair followed by shiki's own variables, which the classes do not need.
    const [foreground = ''] = fg.split(';');
    const lines = tokens.map((line) => lineHtml(line, (token) => colours.classOf(token.htmlStyle ?? {}, foreground)));
    return `<pre class="shiki" tabindex="0"><code>${lines.join('\n')}</code></pre>`;
  };
  return Object.assign(highlight, { colours: () => colours.css() });
}

/** One line: neighbouring tokens of one class share a span, and text in the block's colour has none. */
function lineHtml(tokens: ThemedToken[], classOf: (token: ThemedToken) => string | undefined): string {
  const runs: { name: string | undefined; text: string }[] = [];
  for (const token of tokens) {
    const name = classOf(token);
    const last = runs.at(-1);
    if (last && last.name === name) last.text += token.content;
    else runs.push({ name, text: token.content });
  }
  return runs.map(({ name, text }) => (name ? `<span class="${name}">${escapeHtml(text)}</span>` : escapeHtml(text))).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function fencePlugin(md: MarkdownIt, highlight: Highlight): void {
  md.renderer.rules.fence = (tokens, index, _options, rawEnv) => {
    const env = renderEnv(rawEnv);
    const token = tokenAt(tokens, index);
    const lang = token.info.trim().split(/\s+/)[0] || 'text';
    if (!isLanguage(lang)) {
      throw lessonError(env, token, `code language "${lang}" is not highlighted here (use one of: ${Object.keys(LANGUAGES).join(', ')})`);
    }
    return codeBlock(highlight, token.content.replace(/\n$/, ''), lang);
  };
}

/** A highlighted block with its language and a Copy button (the app's one click listener copies it). */
export function codeBlock(highlight: Highlight, code: string, lang: string): string {
  const name = isLanguage(lang) ? LANGUAGES[lang] : '';
  const label = name ? `<span class="code-lang">${name}</span>` : '';
  return (
    `<div class="code-block">` +
    `<div class="code-toolbar">${label}<button type="button" class="copy-code" aria-label="Copy code">Copy</button></div>` +
    `${highlight(code, lang)}</div>\n`
  );
}
