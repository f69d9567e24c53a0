// Runner messages mark commands and names with backticks, as a terminal shows them ("run `npx lab up`"); the page
// shows those parts as code instead. An odd backtick out is kept as written.

export interface TextPart {
  text: string;
  code: boolean;
}

export function codeSpans(message: string): TextPart[] {
  const parts: TextPart[] = [];
  const pattern = /`([^`\n]+)`/g;
  let at = 0;
  for (let match = pattern.exec(message); match; match = pattern.exec(message)) {
    if (match.index > at) parts.push({ text: message.slice(at, match.index), code: false });
    parts.push({ text: match[1], code: true });
    at = match.index + match[0].length;
  }
  if (at < message.length) parts.push({ text: message.slice(at), code: false });
  return parts;
}
