// `::: lab-steps <lab>` shows steps of a lab as the lab's catalogue gives them: each step's title and its `aws`
// command, highlighted as shell. The block lists the step ids it shows, one per line, in the lab's order:
//
//   ::: lab-steps vpc
//   vpc
//   dns
//   :::
//
// So a lesson's CLI walkthrough cannot disagree with its lab, and every step is tied to the section that explains it
// (the heading above the block): the build checks that each step of a lab stands in exactly one such section.
import type { MarkdownIt, RendererRule, Token } from 'markdown-it';
import { fileLine, lessonError, renderEnv, sourceFile, type RenderEnv, type StepBlock } from './env.js';
import { LessonError } from './errors.js';
import { codeBlock, type Highlight } from './highlight.js';
import type { LabMeta, LabStepMeta } from './labs.js';
import { shellLines } from './shell-lines.js';
import { tokenAt } from './token-at.js';

export function labStepsRule(md: MarkdownIt, highlight: Highlight): RendererRule {
  return (tokens, index, _options, rawEnv) => {
    const env = renderEnv(rawEnv);
    const token = tokenAt(tokens, index);
    const lab = catalogued(env, token);
    const steps = listedSteps(env, token, lab);
    // The search finds the steps' titles and commands in this section, as it found a code block here.
    token.meta = { ...(token.meta as object | null), searchText: steps.map(({ step }) => `${step.title} ${step.command}`).join(' ') };
    env.stepBlocks.push({
      lab: lab.id,
      steps: steps.map(({ step }) => step.id),
      file: sourceFile(env, token),
      line: fileLine(env, token),
      section: sectionAbove(env, tokens, index),
    });
    const items = steps.map(({ step, number }) => {
      const title = md.utils.escapeHtml(step.title).replace(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g, '<span class="nobr">$&</span>');
      return `<li value="${number}"><p><strong>${title}</strong></p>\n${codeBlock(highlight, shellLines(step.command), 'sh')}</li>\n`;
    });
    return `<ol class="lab-steps" aria-label="Steps of the lab ${lab.id}">\n${items.join('')}</ol>\n`;
  };
}

function catalogued(env: RenderEnv, token: Token): LabMeta {
  const id = token.info;
  if (!env.knownLabs.includes(id)) {
    throw lessonError(env, token, `::: lab-steps ${id}: "${id}" is not a lab (known: ${env.knownLabs.join(', ') || 'none'})`);
  }
  const lab = env.loadLab(id);
  if (!lab) throw lessonError(env, token, `::: lab-steps ${id}: the lab has no catalogue entry yet (labs/${id}/lab.json), so it has no steps to show`);
  return lab;
}

/** The steps the block names, one id per line, each known, once, in the lab's order. */
function listedSteps(env: RenderEnv, token: Token, lab: LabMeta): { step: LabStepMeta; number: number }[] {
  const known = lab.steps.map((step) => step.id).join(', ');
  const first = fileLine(env, token);
  const listed: { step: LabStepMeta; number: number }[] = [];
  token.content.split('\n').forEach((text, offset) => {
    const id = text.trim();
    if (id === '') return;
    const problem = (what: string) => new LessonError(sourceFile(env, token), what, first === undefined ? undefined : first + 1 + offset);
    const at = lab.steps.findIndex((step) => step.id === id);
    const step = lab.steps[at];
    if (!step) throw problem(`::: lab-steps ${lab.id}: "${id}" is not a step of the lab (its steps: ${known}); write one step id per line`);
    const number = at + 1;
    const before = listed.at(-1);
    if (before && before.number >= number) {
      throw problem(`::: lab-steps ${lab.id}: "${id}" ${before.number === number ? 'is listed twice' : `comes before "${before.step.id}" in the lab`}; list the steps in the lab's order`);
    }
    listed.push({ step, number });
  });
  if (listed.length === 0) throw lessonError(env, token, `::: lab-steps ${lab.id}: list the steps to show, one id per line (its steps: ${known})`);
  return listed;
}

/** The section a block of steps belongs to: the nearest ## or ### heading above it. */
function sectionAbove(env: RenderEnv, tokens: Token[], index: number): StepBlock['section'] {
  const heading = tokens.slice(0, index).findLast((token) => token.type === 'heading_open' && (token.tag === 'h2' || token.tag === 'h3'));
  if (!heading) {
    const block = tokenAt(tokens, index);
    throw lessonError(env, block, `::: lab-steps ${block.info} must stand in a section, under a ## heading that explains the steps`);
  }
  const id = String(heading.attrGet('id'));
  return { id, text: env.headings.find((candidate) => candidate.id === id)?.text ?? id };
}
