// What a lab says, for the check that its lessons say the same (drift.ts): every string of its catalogue entry, and
// every string, template and number in the code of labs/<id>/ and solutions/<id>/ (files that are not TypeScript,
// such as a user data script, as a whole). Comments and identifiers are not words: a name only a comment mentions is
// not a name the lab uses. A template's values read `<>`: `employee-photos-${account}` is `employee-photos-<>`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync, Visitor } from 'vite';
import type { LabEntry } from '../../lab-runner/catalogue/schema.js';
import { namesGiven } from './names.js';

export interface LabWords {
  id: string;
  /** All the words, one string per line, placeholders written `<>`. */
  text: string;
  /** The names its step commands give resources: its canonical names. */
  names: string[];
  /** Set when the lab always runs in one region. */
  fixedRegion: string | undefined;
  requires: string[];
}

export function labWords(entry: LabEntry, sourceDirs: string[]): LabWords {
  const strings: string[] = [];
  collectStrings(entry, strings);
  for (const dir of sourceDirs) strings.push(...sourceStrings(dir));
  return {
    id: entry.id,
    text: strings.map(withPlaceholders).join('\n'),
    names: entry.steps.flatMap((step) => namesGiven(step.command)),
    fixedRegion: entry.region === 'target' ? undefined : entry.region.fixed,
    requires: entry.requires,
  };
}

/** `<account>`, `<queue-url>` and a template's `${…}` all stand for some value: one spelling for all of them. */
export function withPlaceholders(text: string): string {
  return text.replace(/<[a-z][a-z0-9-]*>/g, '<>');
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string' || typeof value === 'number') into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, into);
}

function sourceStrings(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const strings: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) strings.push(...sourceStrings(path));
    else if (entry.name.endsWith('.ts')) strings.push(...literals(entry.name, readFileSync(path, 'utf8')));
    else strings.push(readFileSync(path, 'utf8'));
  }
  return strings;
}

function literals(name: string, code: string): string[] {
  const found: string[] = [];
  new Visitor({
    Literal(node) {
      if (typeof node.value === 'string' || typeof node.value === 'number') found.push(String(node.value));
    },
    TemplateLiteral(node) {
      found.push(node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join('<>'));
    },
  }).visit(parseSync(name, code, { lang: 'ts' }).program);
  return found;
}
