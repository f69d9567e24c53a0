// Where things live: the project's folders, the per-clone state, the per-user cache.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The clone this code belongs to, whether it runs from lab-runner/ as source or from dist/ as the built runner. */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'cloud-workbook') return dir;
    if (dirname(dir) === dir) throw new Error(`No cloud-workbook package.json above ${from}.`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const labsDir = join(projectRoot, 'labs');
export const solutionsDir = join(projectRoot, 'solutions');
export const runnerDir = join(projectRoot, 'lab-runner');
/** Built once (`npm install` runs the build), never edited: the runner as plain JavaScript. */
export const builtRunnerDir = join(projectRoot, 'dist', 'runner');
/**
 * Compiled labs, inside the clone so the compiled files resolve the same packages as their sources, and not under a
 * symlink (node_modules may be one), so their source maps name the clone's own files. Safe to delete.
 */
export const buildCacheDir = join(projectRoot, '.workbook', 'build');

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

/** Per user, private (0700): what must never sit in a project folder a dev server could serve, e.g. an MFA seed. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WORKBOOK_CONFIG_DIR) return env.WORKBOOK_CONFIG_DIR;
  const base =
    process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Application Support')
      : process.platform === 'win32'
        ? env.APPDATA || join(homedir(), 'AppData', 'Roaming')
        : env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'cloud-workbook');
}

/**
 * `--no-experimental-detect-module`: since 20.19, Node parses every CommonJS file of a package without a "type" once
 * more to guess its format when it is imported; for the SDK's clients (ec2's is 2 MB) that is ~150 ms of each run.
 * They are CommonJS, and the runner's own files are ES modules by package.json's "type".
 */
const NODE_FLAGS = ['--enable-source-maps', ...(process.allowedNodeEnvironmentFlags.has('--no-experimental-detect-module') ? ['--no-experimental-detect-module'] : [])];

/** How to start one of the runner's own programs (see bin/build-runner.js): node and its built file. */
export function runnerProgram(name: 'child' | 'supervisor' | 'gate'): { command: string; args: string[] } {
  return { command: process.execPath, args: [...NODE_FLAGS, join(builtRunnerDir, `${name}.js`)] };
}
