// Where things live: the project's folders, the per-clone state, the per-user cache.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const labsDir = join(projectRoot, 'labs');
export const solutionsDir = join(projectRoot, 'solutions');

/** Progress and locks of this clone; safe to delete, nothing in the cloud depends on it. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.WORKBOOK_STATE_DIR || join(projectRoot, '.workbook');
}

/** Shared by every clone: the LocalStack virtual environment and its data. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WORKBOOK_CACHE_DIR) return env.WORKBOOK_CACHE_DIR;
  const base =
    process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Caches')
      : process.platform === 'win32'
        ? env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local')
        : env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'cloud-workbook');
}
