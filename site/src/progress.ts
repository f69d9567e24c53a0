// Reading and lab progress, kept in localStorage so it survives reloads (and follows other open tabs). Where the lab
// runner answers, a lab's progress is the runner's instead: what its checks found on the target, and whose code built it.
import { computed, reactive } from 'vue';
import { currentSlug } from '../shared/redirects.js';
import { type PassMark, runnerPassMark } from './runner.js';

const KEY = 'cloud-workbook:progress:v1';

interface Stored {
  read: string[];
  labsPassed: string[];
}

const state = reactive({ read: new Set<string>(), labsPassed: new Set<string>() });

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function load(): void {
  let stored: Partial<Stored> = {};
  try {
    stored = JSON.parse(window.localStorage.getItem(KEY) ?? '{}') as Partial<Stored>;
  } catch {
    // Unreadable or blocked storage: start with no progress rather than fail the page.
  }
  // Lessons read before the lessons were renumbered count under their new slugs.
  state.read = new Set(strings(stored.read).map(currentSlug));
  state.labsPassed = new Set(strings(stored.labsPassed));
}

function save(): void {
  const stored: Stored = { read: [...state.read], labsPassed: [...state.labsPassed] };
  try {
    window.localStorage.setItem(KEY, JSON.stringify(stored));
  } catch {
    // Private modes may refuse storage; progress then lasts for this visit only.
  }
}

load();
window.addEventListener('storage', (event) => {
  if (event.key === KEY) load();
});

export const readCount = computed(() => state.read.size);

export function isRead(slug: string): boolean {
  return state.read.has(slug);
}

export function setRead(slug: string, read: boolean): void {
  if (read) state.read.add(slug);
  else state.read.delete(slug);
  save();
}

export function isLabPassed(id: string): boolean {
  return state.labsPassed.has(id);
}

/** The sidebar's mark for a lab that passed, or null: the runner's word where it answers, else the reader's own mark. */
export function labMark(id: string): PassMark | null {
  const mark = runnerPassMark(id);
  if (mark !== undefined) return mark;
  return isLabPassed(id) ? { shown: 'lab ✓', said: ', lab passed' } : null;
}

/** Without a runner (a static build) the reader marks a lab passed by hand. */
export function setLabPassed(id: string, passed: boolean): void {
  if (passed) state.labsPassed.add(id);
  else state.labsPassed.delete(id);
  save();
}
