// `::: include <name>` puts the Markdown of site/lessons/partials/<name>.md in its place, so a text that two lessons
// show (the checklist before a first real run) is written once. The partial becomes the lesson's own tokens: its
// headings join the contents, its links, code and names are checked as the lesson's are, and an error in it names the
// partial's file and line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateBlock, Token } from 'markdown-it';
import { lessonError, renderEnv } from './env.js';

export function includePartial(state: StateBlock, token: Token): void {
  const env = renderEnv(state.env);
  const name = token.info;
  if (token.content.trim() !== '') throw lessonError(env, token, '::: include takes no content; close it with ::: on the next line');
  if (state.level !== 0 || state.blkIndent !== 0) throw lessonError(env, token, '::: include stands at the top level, not inside a list or a quote');
  if (env.inPartial) throw lessonError(env, token, `::: include ${name}: a partial cannot include another`);
  const path = join(env.partialsDir, `${name}.md`);
  const file = `${env.partialsFile}/${name}.md`;
  if (!existsSync(path)) throw lessonError(env, token, `::: include ${name}: there is no ${file}`);

  const first = state.tokens.length;
  env.inPartial = true;
  try {
    state.md.block.parse(readFileSync(path, 'utf8'), state.md, env, state.tokens);
  } finally {
    env.inPartial = false;
  }
  for (const included of state.tokens.slice(first)) included.meta = { ...(included.meta as object | null), includedFrom: file };
}
