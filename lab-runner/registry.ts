// Finds labs by their folders: the runner knows no lab by name.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from './errors.js';
import type { Check, Lab } from './lab.js';
import { labsDir, projectRoot, solutionsDir } from './paths.js';

/** Lab ids in the order the lessons teach them. */
export async function labIds(): Promise<string[]> {
  const ids = readdirSync(labsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(labsDir, entry.name, 'lab.ts')))
    .map((entry) => entry.name);
  const labs = await Promise.all(ids.map((id) => loadLab(id)));
  return labs.sort((a, b) => a.lesson.localeCompare(b.lesson) || a.id.localeCompare(b.id)).map((lab) => lab.id);
}

export function labFile(id: string, solution = false): string {
  return join(solution ? solutionsDir : labsDir, id, 'lab.ts');
}

export async function assertKnownLab(id: string): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(id) || !existsSync(labFile(id))) {
    const known = await labIds();
    throw new UserError(`Unknown lab "${id}".`, `Known labs: ${known.join(', ')}.`);
  }
}

export async function loadLab(id: string, solution = false): Promise<Lab> {
  return defaultExport<Lab>(labFile(id, solution));
}

export async function loadChecks(id: string): Promise<Check[]> {
  return defaultExport<Check[]>(join(labsDir, id, 'checks.ts'));
}

async function defaultExport<T>(file: string): Promise<T> {
  if (!existsSync(file)) throw new UserError(`${file} does not exist.`);
  try {
    const module = (await import(pathToFileURL(file).href)) as { default: T };
    return module.default;
  } catch (error) {
    // A student's file that does not compile is their code to fix, not a crash of the runner.
    const first = String(error instanceof Error ? error.message : error).split('\n')[0];
    throw new UserError(`${relative(projectRoot, file)} could not be loaded: ${first}`);
  }
}
