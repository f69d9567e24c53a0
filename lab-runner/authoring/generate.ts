// From a lab's one source (solutions/<id>/), what students get: the starter files (labs/<id>/, the solution regions
// replaced by todo()) and the lab's catalogue entry (labs/<id>/lab.json). `npx lab dev gen` writes them; the dev
// check compares them with what is committed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LabEntry } from '../catalogue/schema.js';
import { parseLabEntry } from '../catalogue/schema.js';
import { compileLabFile } from '../compile/compile.js';
import type { Check, Lab } from '../lab.js';
import { labsDir, solutionsDir } from '../paths.js';
import { starterFrom } from './regions.js';

export interface Generated {
  /** labs/<id>/<file> → its text. */
  files: Map<string, string>;
  entry: LabEntry;
}

export type GenerateResult = { generated: Generated } | { problems: string[] };

export function labSourceIds(): string[] {
  return existsSync(solutionsDir) ? readdirSync(solutionsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];
}

export async function generate(id: string): Promise<GenerateResult> {
  const problems: string[] = [];
  const files = new Map<string, string>();
  for (const name of sourceFiles(id)) {
    const source = readFileSync(join(solutionsDir, id, name), 'utf8');
    if (name !== 'lab.ts' && !source.includes('// solution:')) continue;
    const header = `// Yours to write: the code at each todo(). Made from solutions/${id}/${name}, where it is all written, by \`npx lab dev gen\`.`;
    const result = starterFrom(source, `solutions/${id}/${name}`, header);
    if ('problems' in result) problems.push(...result.problems);
    else files.set(`labs/${id}/${name}`, result.starter);
  }
  const lab = await importCompiled<Lab>(`solutions/${id}/lab.ts`, problems);
  const checks = existsSync(join(labsDir, id, 'checks.ts')) ? await importCompiled<Check[]>(`labs/${id}/checks.ts`, problems) : undefined;
  if (!checks) problems.push(`labs/${id}/checks.ts: missing or does not load; every lab has checks`);
  if (!lab || !checks || problems.length > 0) return { problems };
  const entry = entryOf(id, lab, checks, [...files.keys()].map((f) => f.slice(`labs/${id}/`.length)));
  const parsed = parseLabEntry(entry);
  if ('problems' in parsed) return { problems: parsed.problems.map((p) => `solutions/${id}/lab.ts: ${p}`) };
  files.set(`labs/${id}/lab.json`, `${JSON.stringify(parsed.entry, null, 2)}\n`);
  return { generated: { files, entry: parsed.entry } };
}

function sourceFiles(id: string): string[] {
  const dir = join(solutionsDir, id);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).sort() : [];
}

function entryOf(id: string, lab: Lab, checks: Check[], files: string[]): Record<string, unknown> {
  return {
    $generated: `Made from solutions/${id}/lab.ts and labs/${id}/checks.ts by \`npx lab dev gen\`; edit those, not this.`,
    id: lab.id,
    title: lab.title,
    lessons: lab.lessons,
    goal: lab.goal,
    region: lab.region,
    requires: lab.requires,
    cost: lab.cost,
    ...(lab.localNote ? { localNote: lab.localNote } : {}),
    services: lab.services,
    resources: lab.resources,
    steps: lab.steps.map(({ id: stepId, title, command, hint, timeoutSeconds }) => ({ id: stepId, title, command, hint, ...(timeoutSeconds ? { timeoutSeconds } : {}) })),
    checks: checks.map(({ id: checkId, title }) => ({ id: checkId, title })),
    files,
  };
}

async function importCompiled<T>(entry: string, problems: string[]): Promise<T | undefined> {
  const compiled = await compileLabFile(entry);
  if ('problems' in compiled) {
    problems.push(...compiled.problems.map((p) => `${p.at.file}:${p.at.line}:${p.at.column}: ${p.message}`));
    return undefined;
  }
  try {
    return ((await import(`${pathToFileURL(compiled.compiled.file).href}?${Date.now()}`)) as { default: T }).default;
  } catch (error) {
    problems.push(`${entry}: does not load: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}
