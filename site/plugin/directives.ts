// The block directives, each opened by a `::: name` line and closed by a `:::` line:
//   ::: quiz           a knowledge check (see quiz.ts)
//   ::: lab [id]       where a lab panel goes: the lesson's own lab, or another lab of the catalogue
//   ::: lab-steps id   steps of a lab, as its catalogue gives them, one step id per line (see lab-steps.ts)
//   ::: include name   the Markdown of site/lessons/partials/<name>.md, in place (see include.ts)
// The body is kept raw and handled here; quizzes and lab panels become components of the app.
import type { MarkdownIt, StateBlock, Token } from 'markdown-it';
import { fileLine, lessonError, renderEnv, type RenderEnv } from './env.js';
import type { Highlight } from './highlight.js';
import { includePartial } from './include.js';
import { labStepsRule } from './lab-steps.js';
import { parseQuiz } from './quiz.js';
import { tokenAt } from './token-at.js';

const OPENING = /^:::\s*(quiz|lab-steps|lab|include)(?:\s+(.*?))?\s*$/;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What each directive takes after its name. */
const ARGUMENT: Record<string, 'none' | 'optional id' | 'id'> = { quiz: 'none', lab: 'optional id', 'lab-steps': 'id', include: 'id' };

export function directivesPlugin(md: MarkdownIt, highlight: Highlight): void {
  md.block.ruler.before('fence', 'directive', directiveRule, { alt: ['paragraph'] });

  md.renderer.rules.quiz = (tokens, index, _options, rawEnv) => {
    const env = renderEnv(rawEnv);
    const token = tokenAt(tokens, index);
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
    const token = tokenAt(tokens, index);
    const lab = token.info === '' ? null : token.info;
    if (token.content.trim() !== '') throw lessonError(env, token, `::: lab takes no content; close it with ::: on the next line`);
    const headingIndex = (token.meta as { headingIndex?: number } | null)?.headingIndex ?? env.headings.length;
    env.labMarkers.push({ lab, headingIndex, line: fileLine(env, token) });
    return partMarker(`lab:${env.labMarkers.length - 1}`);
  };

  md.renderer.rules['lab-steps'] = labStepsRule(md, highlight);
  // The partial's own tokens follow the include's, which renders nothing itself.
  md.renderer.rules.include = () => '';
}

/** Where the app inserts a component. Lessons cannot write HTML comments themselves (raw HTML is off). */
export function partMarker(name: string): string {
  return `<!--part:${name}-->\n`;
}

export const PART_MARKER = /<!--part:(quiz:\d+|lab:\d+)-->\n?/;

/** A line of the block markdown-it is parsing: its text after the indent, and the indent's width in columns. */
function lineOf(state: StateBlock, line: number): { text: string; indent: number } {
  const [start, shift, end, indent] = [state.bMarks[line], state.tShift[line], state.eMarks[line], state.sCount[line]];
  if (start === undefined || shift === undefined || end === undefined || indent === undefined) {
    throw new Error(`markdown-it has not measured line ${line} of the block`);
  }
  return { text: state.src.slice(start + shift, end), indent };
}

/** The directive a line opens, if it opens one. */
function openingOf(text: string): { name: string; argument: string } | undefined {
  const [, name, argument = ''] = OPENING.exec(text.trim()) ?? [];
  return name === undefined ? undefined : { name, argument };
}

function directiveRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const first = lineOf(state, startLine);
  if (first.indent - state.blkIndent >= 4) return false;
  const opening = openingOf(first.text);
  if (!opening) return false;
  if (silent) return true;

  const { name, argument } = opening;
  let closing = startLine + 1;
  while (closing < endLine && lineOf(state, closing).text.trim() !== ':::') closing++;
  const token = state.push(name, '', 0);
  token.block = true;
  token.map = [startLine, closing + 1];
  token.info = argument;
  const env = renderEnv(state.env);
  if (closing >= endLine) throw lessonError(env, token, `::: ${name} is not closed with :::`);
  checkArgument(env, token, name, argument);
  token.content = state.getLines(startLine + 1, closing, first.indent, false);
  state.line = closing + 1;
  if (name === 'include') includePartial(state, token);
  return true;
}

function checkArgument(env: RenderEnv, token: Token, name: string, argument: string): void {
  const takes = ARGUMENT[name];
  if (takes === 'none' && argument !== '') throw lessonError(env, token, `::: ${name} takes nothing after its name, found "${argument}"`);
  if (takes === 'id' && argument === '') throw lessonError(env, token, `::: ${name} needs a name after it, e.g. ::: ${name} vpc`);
  if (argument !== '' && !ID.test(argument)) {
    throw lessonError(env, token, `::: ${name} ${argument}: a name is lowercase words joined by hyphens`);
  }
}
