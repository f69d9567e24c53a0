// A lab step's `aws` command is one line in the catalogue. A lesson lays it out as a person would type it: one command
// per line (a line that ends in `&&` or `;` goes on), a long command continued with ` \` before its options, and a
// trailing comment on a line of its own. Only spaces outside quotes are touched, so the text still runs as it is;
// inside `$(…)` only when it is a whole value (`VPC_ID=$(aws …)`), not a piece of one (`"arn:…:$(aws …):role/…"`).

const WIDTH = 78;
const INDENT = '  ';
/** A word that a command substitution may start and still be split inside: `$(`, `"$(`, `NAME=$(`, `NAME="$(`. */
const WHOLE_VALUE = /^(?:[A-Za-z_][A-Za-z0-9_]*=)?"?$/;

interface Piece {
  text: string;
  /** Whether the piece ends outside every quote and `$(…)`: only there can a command end. */
  topLevel: boolean;
}

export function shellLines(command: string): string {
  const { pieces, comment } = scan(command);
  const lines: string[] = [];
  for (const { words, operator } of commands(pieces)) {
    const laidOut = fill(groups(words));
    if (operator) laidOut[laidOut.length - 1] += operator === ';' ? ';' : ` ${operator}`;
    lines.push(...laidOut);
  }
  if (comment) lines.push(comment);
  return lines.join('\n');
}

/** Splits at spaces that are outside quotes (inside `$(…)` too), and takes off a trailing `# comment`. */
function scan(command: string): { pieces: Piece[]; comment: string | undefined } {
  const pieces: Piece[] = [];
  const open: string[] = [];
  let current = '';
  for (let at = 0; at < command.length; at++) {
    const char = command[at];
    const inner = open.at(-1);
    if (inner === "'") {
      if (char === "'") open.pop();
    } else if (char === '\\') {
      current += char + (command[at + 1] ?? '');
      at++;
      continue;
    } else if (inner === '"') {
      if (char === '"') open.pop();
      else if (char === '$' && command[at + 1] === '(') (open.push(substitution(open, current)), (current += '$'), at++);
    } else if (char === ' ' && (inner === undefined || inner === '$(') && !open.includes('$(…')) {
      if (current !== '') pieces.push({ text: current, topLevel: open.length === 0 });
      current = '';
      continue;
    } else if (char === '#' && current === '' && open.length === 0) {
      return { pieces, comment: command.slice(at).trim() };
    } else if (char === "'" || char === '"') {
      open.push(char);
    } else if (char === '$' && command[at + 1] === '(') {
      open.push(substitution(open, current));
      current += '$';
      at++;
    } else if (char === '(') {
      open.push('(');
    } else if (char === ')') {
      open.pop();
    }
    current += command[at];
  }
  if (current !== '') pieces.push({ text: current, topLevel: open.length === 0 });
  return { pieces, comment: undefined };
}

/** `$(` where the text may be split inside, `$(…` where it may not. */
function substitution(open: string[], word: string): string {
  return open.every((context) => context === '$(' || context === '"') && WHOLE_VALUE.test(word) ? '$(' : '$(…';
}

/** The commands of a `a && b; c` chain, each with the operator that ends it. */
function commands(pieces: Piece[]): { words: string[]; operator: string | undefined }[] {
  let current: { words: string[]; operator: string | undefined } = { words: [], operator: undefined };
  const result = [current];
  const next = (operator: string) => {
    current.operator = operator;
    current = { words: [], operator: undefined };
    result.push(current);
  };
  for (const piece of pieces) {
    if (piece.topLevel && ['&&', '||', ';'].includes(piece.text)) {
      next(piece.text);
    } else if (piece.topLevel && piece.text.endsWith(';') && !piece.text.endsWith('\\;')) {
      current.words.push(piece.text.slice(0, -1));
      next(';');
    } else {
      current.words.push(piece.text);
    }
  }
  return result.filter((command) => command.words.length > 0);
}

/** An option stays on one line with its values: `--cidr-block 10.1.0.0/16`. */
function groups(words: string[]): string[][] {
  const result: string[][] = [];
  for (const word of words) {
    const last = result.at(-1);
    if (word.startsWith('--') || !last) result.push([word]);
    else last.push(word);
  }
  return result;
}

function fill([first, ...rest]: string[][]): string[] {
  if (!first) return [];
  const lines = [first.join(' ')];
  for (const words of rest) {
    const line = lines.at(-1);
    const part = words.join(' ');
    if (line !== undefined && line.length + 1 + part.length <= WIDTH) lines[lines.length - 1] = `${line} ${part}`;
    else if (INDENT.length + part.length <= WIDTH) lines.push(`${INDENT}${part}`);
    // Too long for a line even on its own: the option on one line, each of its values on the next.
    else lines.push(...words.map((word, index) => `${INDENT.repeat(index === 0 ? 1 : 2)}${word}`));
  }
  return lines.map((line, index) => (index < lines.length - 1 ? `${line} \\` : line));
}
