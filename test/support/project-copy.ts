// A throwaway copy of the project, for tests that change a student's files (a syntax error, a wrong value then a fix)
// without touching the real ones other tests run. It shares node_modules (and so the compile cache, keyed per clone).
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../lab-runner/paths.js';
import { type CliResult, runCliIn } from './cli.js';

const COPIED = ['package.json', 'tsconfig.json', 'bin', 'dist', 'lab-runner', 'labs', 'solutions', 'site', 'directory-app', 'vite.config.ts'];

export interface ProjectCopy {
  root: string;
  write(file: string, text: string): void;
  read(file: string): string;
  /** The `lab` command of the copy. */
  lab(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult>;
  remove(): void;
}

export function copyProject(): ProjectCopy {
  const root = mkdtempSync(join(tmpdir(), 'workbook-copy-'));
  for (const entry of COPIED) cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  // The copied build is current: tell it where it lives now, so it is not rebuilt.
  const stampFile = join(root, 'dist', 'runner', 'stamp.json');
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { root: string; newest: number };
  writeFileSync(stampFile, JSON.stringify({ ...stamp, root, newest: Date.now() + 60_000 }));
  return {
    root,
    write: (file, text) => writeFileSync(join(root, file), text),
    read: (file) => readFileSync(join(root, file), 'utf8'),
    lab: (args, env) => runCliIn(root, args, env),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
