// Two block directives the app turns into components: `::: quiz` … `:::` (a knowledge check)
// and `::: lab` `:::` (where the lesson's lab panel goes). The body is kept raw and parsed here.
import type { MarkdownIt } from 'markdown-it';
import type { StateBlock } from 'markdown-it';
import { lessonError, renderEnv, type RenderEnv } from './env.js';
import { parseQuiz } from './quiz.js';

const OPENING = /^:::\s*(quiz|lab)\s*$/;

export function directivesPlugin(md: MarkdownIt): void {
  md.block.ruler.before('fence', 'directive', directiveRule, { alt: ['paragraph'] });

  md.renderer.rules.quiz = (tokens, index, _options, rawEnv) => {
    const env = renderEnv(rawEnv);
    const token = tokens[index];
    const parsed = parseQuiz(token.content, (problem) => lessonError(env, token, problem));
    const inner: RenderEnv = { ...env, inQuiz: true };
    const number = env.quizzes.length;
    env.quizzes.push({
      id: `${env.slug}-quiz-${number + 1}`,
      questionHtml: md.renderInline(parsed.question, inner),
      choices: parsed.choices.map((choice) => ({ html: md.renderInline(choice.text, inner), correct: choice.correct })),
      explanationHtml: md.render(parsed.explanation, inner),
    });
    return partMarker(`quiz:${number}`);
  };

  md.renderer.rules.lab = (tokens, index, _options, rawEnv) => {
    const env = renderEnv(rawEnv);
    if (tokens[index].content.trim() !== '') throw lessonError(env, tokens[index], '::: lab takes no content; close it with ::: on the next line');
    env.labMarkers += 1;
    return partMarker('lab');
  };
}

/** Where the app inserts a component. Lessons cannot write HTML comments themselves (raw HTML is off). */
export function partMarker(name: string): string {
  return `<!--part:${name}-->\n`;
}

export const PART_MARKER = /<!--part:(quiz:\d+|lab)-->\n?/;

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
}

function directiveRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const opening = OPENING.exec(lineText(state, startLine).trim());
  if (!opening) return false;
  if (silent) return true;

  let closing = startLine + 1;
  while (closing < endLine && lineText(state, closing).trim() !== ':::') closing++;
  const token = state.push(opening[1], '', 0);
  token.block = true;
  token.map = [startLine, closing + 1];
  if (closing >= endLine) {
    throw lessonError(renderEnv(state.env), token, `::: ${opening[1]} is not closed with :::`);
  }
  token.content = state.getLines(startLine + 1, closing, state.sCount[startLine], false);
  state.line = closing + 1;
  return true;
}
