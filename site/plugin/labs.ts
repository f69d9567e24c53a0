// What the site knows about labs: their ids (the folders under labs/) and, for a lesson's panel, the lab's
// title, goal and steps, read from labs/<id>/lab.ts. The lab module is loaded by a loader the caller picks
// (Vite's SSR loader), and only the data is kept: the step functions stay out of the page.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabMeta, LabStepMeta } from '../shared/types.js';

export type ModuleLoader = (file: string) => Promise<Record<string, unknown>>;
export type LabMetaLoader = (id: string) => Promise<LabMeta | undefined>;

export function listLabIds(labsDir: string): string[] {
  if (!existsSync(labsDir)) return [];
  return readdirSync(labsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function labFile(labsDir: string, id: string): string {
  return join(labsDir, id, 'lab.ts');
}

/** Loads a lab's metadata; a lab whose lab.ts is not written yet has none, and its lessons show no panel. */
export function labMetaLoader(labsDir: string, load: ModuleLoader): LabMetaLoader {
  return async (id) => {
    const file = labFile(labsDir, id);
    if (!existsSync(file)) return undefined;
    const module = await load(file);
    return toLabMeta(id, module.default, file);
  };
}

export function toLabMeta(id: string, value: unknown, file: string): LabMeta {
  const lab = record(value, `${file}: the default export is not a lab`);
  const text = (key: string): string => {
    const field = lab[key];
    if (typeof field !== 'string') throw new Error(`${file}: lab.${key} should be a string`);
    return field;
  };
  if (text('id') !== id) throw new Error(`${file}: lab id "${text('id')}" does not match its folder "${id}"`);
  const steps = lab.steps;
  if (!Array.isArray(steps)) throw new Error(`${file}: lab.steps should be a list`);
  const requires = Array.isArray(lab.requires) ? lab.requires.filter((r): r is string => typeof r === 'string') : [];
  const region = lab.region;
  const fixed = typeof region === 'object' && region !== null ? (region as Record<string, unknown>).fixed : undefined;
  return {
    id,
    title: text('title'),
    goal: text('goal'),
    cost: text('cost'),
    ...(typeof fixed === 'string' ? { fixedRegion: fixed } : {}),
    requires,
    ...(typeof lab.localNote === 'string' ? { localNote: lab.localNote } : {}),
    steps: steps.map((step, index) => toStep(step, `${file}: step ${index + 1}`)),
  };
}

function toStep(value: unknown, where: string): LabStepMeta {
  const step = record(value, `${where} is not a step`);
  const { title, command, hint } = step;
  if (typeof title !== 'string' || typeof command !== 'string' || typeof hint !== 'string') {
    throw new Error(`${where} needs a title, a command and a hint (strings)`);
  }
  return { title, command, hint };
}

function record(value: unknown, problem: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new Error(problem);
  return value as Record<string, unknown>;
}
