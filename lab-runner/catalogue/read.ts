// Reads the catalogue: every labs/<id>/lab.json, validated. A lab whose entry is missing or broken is reported and
// left out; the others are unaffected. Nothing here imports lab code.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { labsDir } from '../paths.js';
import { type LabEntry, parseLabEntry } from './schema.js';

export interface Catalogue {
  /** In teaching order: by lesson, and never before a lab it requires. */
  labs: LabEntry[];
  /** Labs that could not be read, each with what is wrong. */
  problems: { id: string; problem: string }[];
}

export const ENTRY_FILE = 'lab.json';

export function readCatalogue(dir = labsDir): Catalogue {
  const ids = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
  const labs: LabEntry[] = [];
  const problems: Catalogue['problems'] = [];
  for (const id of ids.sort()) {
    const read = readEntry(dir, id);
    if ('entry' in read) labs.push(read.entry);
    else problems.push({ id, problem: read.problem });
  }
  return { labs: teachingOrder(labs), problems };
}

function readEntry(dir: string, id: string): { entry: LabEntry } | { problem: string } {
  const file = join(dir, id, ENTRY_FILE);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'has no lab.json' : `lab.json is not JSON: ${(error as Error).message}`;
    return { problem: `labs/${id} ${why} (\`npx lab dev gen\` writes it)` };
  }
  const parsed = parseLabEntry(value);
  if ('problems' in parsed) return { problem: `labs/${id}/lab.json: ${parsed.problems.join('; ')}` };
  if (parsed.entry.id !== id) return { problem: `labs/${id}/lab.json names the lab "${parsed.entry.id}", not "${id}"` };
  return parsed;
}

/** Lesson order first; a lab that requires another comes after it whatever its lesson says. */
export function teachingOrder(labs: LabEntry[]): LabEntry[] {
  const byLesson = [...labs].sort((a, b) => (a.lessons[0] ?? '').localeCompare(b.lessons[0] ?? '') || a.id.localeCompare(b.id));
  const placed: LabEntry[] = [];
  const visit = (lab: LabEntry, path: string[]) => {
    if (placed.includes(lab)) return;
    if (path.includes(lab.id)) throw new UserError(`Labs require each other in a circle: ${[...path, lab.id].join(' → ')}.`);
    for (const id of lab.requires) {
      const required = byLesson.find((l) => l.id === id);
      if (required) visit(required, [...path, lab.id]);
    }
    placed.push(lab);
  };
  for (const lab of byLesson) visit(lab, []);
  return placed;
}

/** The lab's entry, or a clear refusal that lists the known labs (and says why a folder that exists is not one). */
export function labEntry(id: string, catalogue = readCatalogue()): LabEntry {
  const entry = catalogue.labs.find((lab) => lab.id === id);
  if (entry) return entry;
  const broken = catalogue.problems.find((p) => p.id === id);
  if (broken) throw new UserError(`Lab "${id}" cannot be read: ${broken.problem}.`);
  throw new UserError(`Unknown lab "${id}".`, `Known labs: ${catalogue.labs.map((l) => l.id).join(', ')}.`);
}

/** `all` is every lab in teaching order; anything else one known lab. */
export function labsFor(which: string, catalogue = readCatalogue()): LabEntry[] {
  return which === 'all' ? catalogue.labs : [labEntry(which, catalogue)];
}
