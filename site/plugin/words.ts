// Collects what a lesson says, line by line, for the check against its labs (drift.ts): its prose (with the text of
// its inline code), each inline code span, and each line of its code blocks. Quizzes are left out (their wrong choices
// name wrong things on purpose), and so are image descriptions and the steps `::: lab-steps` takes from the catalogue.
import type { MarkdownIt, Token } from 'markdown-it';
import { fileLine, renderEnv, sourceFile, type LessonWords, type RenderEnv } from './env.js';

export function wordsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('lesson_words', (state) => {
    if (state.inlineMode) return;
    const env = renderEnv(state.env);
    if (env.inQuiz) return;
    // A table cell's text has no line of its own: it is on its row's.
    let lastLine: number | undefined;
    for (const token of state.tokens) {
      if (token.map) lastLine = fileLine(env, token);
      if (token.type === 'inline') env.words.push(...inlineWords(env, token, lastLine));
      else if (token.type === 'fence') env.words.push(...codeWords(env, token));
    }
  });
}

function inlineWords(env: RenderEnv, inline: Token, first: number | undefined): LessonWords[] {
  const file = sourceFile(env, inline);
  const words: LessonWords[] = [];
  const prose: string[] = [''];
  for (const child of inline.children ?? []) {
    const line = first === undefined ? undefined : first + prose.length - 1;
    if (child.type === 'softbreak' || child.type === 'hardbreak') prose.push('');
    else if (child.type === 'text' && !child.meta?.permalink) prose[prose.length - 1] += child.content;
    else if (child.type === 'code_inline') {
      prose[prose.length - 1] += child.content;
      words.push({ kind: 'inline-code', text: child.content, file, line });
    }
  }
  prose.forEach((text, offset) => words.push({ kind: 'prose', text, file, line: first === undefined ? undefined : first + offset }));
  return words;
}

function codeWords(env: RenderEnv, fence: Token): LessonWords[] {
  const file = sourceFile(env, fence);
  const opening = fileLine(env, fence);
  return fence.content.split('\n').map((text, offset) => ({ kind: 'code', text, file, line: opening === undefined ? undefined : opening + 1 + offset }));
}
