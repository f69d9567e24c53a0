// A knowledge check in Markdown:
//
//   ::: quiz
//   Where do billing metrics live?
//   - [ ] In every region you use
//   - [x] Only in US East (N. Virginia), `us-east-1`
//   Billing data covers the whole account, but CloudWatch keeps it in one region.
//   :::
//
// The lines before the choices are the question, `- [x]` marks the one right choice, the rest explains it.

export interface ParsedQuiz {
  question: string;
  choices: { text: string; correct: boolean }[];
  explanation: string;
}

const CHOICE = /^\s*[-*] \[( |x|X)\]\s+(.+)$/;

export function parseQuiz(body: string, fail: (problem: string) => Error): ParsedQuiz {
  const lines = body.split('\n');
  const firstChoice = lines.findIndex((line) => CHOICE.test(line));
  if (firstChoice < 0) throw fail('a quiz needs choices written as "- [ ] wrong" and "- [x] right"');

  const question = lines.slice(0, firstChoice).join('\n').trim();
  let next = firstChoice;
  const choices: ParsedQuiz['choices'] = [];
  for (let choice = choiceOf(lines[next]); choice; choice = choiceOf(lines[++next])) choices.push(choice);
  const explanation = lines.slice(next).join('\n').trim();

  if (question === '') throw fail('a quiz needs a question before its choices');
  if (choices.length < 2) throw fail('a quiz needs at least two choices');
  const correct = choices.filter((choice) => choice.correct).length;
  if (correct !== 1) throw fail(`a quiz needs exactly one right choice marked [x], found ${correct}`);
  if (explanation === '') throw fail('a quiz needs an explanation after its choices');
  return { question, choices, explanation };
}

function choiceOf(line: string | undefined): ParsedQuiz['choices'][number] | undefined {
  const [, mark, text] = CHOICE.exec(line ?? '') ?? [];
  return mark === undefined || text === undefined ? undefined : { text: text.trim(), correct: mark !== ' ' };
}
