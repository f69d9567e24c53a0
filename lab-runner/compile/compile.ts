// Compiles a lab's file (and the lab files it imports) into one module the runner imports: esbuild, cached until any
// of those files changes, so every run runs what is on disk now. A syntax error comes back as a problem with its
// file, line, column and frame, never as a runner crash.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildFailure, Plugin } from 'esbuild';
import { buildCacheDir, projectRoot } from '../paths.js';
import { type CodeProblem, locate } from './frame.js';

export interface CompiledModule {
  /** The compiled file, to `import()`. */
  file: string;
  /** The project files it was made from (relative), for the type check's fingerprint. */
  inputs: string[];
}

export type CompileResult = { compiled: CompiledModule } | { problems: CodeProblem[] };

interface CacheRecord {
  inputs: { path: string; mtimeMs: number; size: number }[];
}

/** `entry` is relative to the project, e.g. `labs/vpc/lab.ts`. */
export async function compileLabFile(entry: string): Promise<CompileResult> {
  const name = cacheName(entry);
  const outfile = join(buildCacheDir, 'labs', `${name}.mjs`);
  const recordFile = `${outfile}.json`;
  const cached = readRecord(recordFile);
  if (cached && existsSync(outfile) && unchanged(cached)) return { compiled: { file: outfile, inputs: cached.inputs.map((i) => i.path) } };
  mkdirSync(join(buildCacheDir, 'labs'), { recursive: true });
  const esbuild = await import('esbuild');
  const temp = `${outfile}.${process.pid}-${randomUUID()}.tmp.mjs`;
  try {
    const result = await esbuild.build({
      absWorkingDir: projectRoot,
      entryPoints: [entry],
      outfile: temp,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [sourceUrls],
    });
    const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.startsWith('node_modules/'));
    // Written aside and renamed: a second run compiling at the same moment never imports half a file.
    renameSync(temp, outfile);
    writeFileSync(recordFile, JSON.stringify({ inputs: inputs.map((path) => ({ path, ...fileStamp(path) })) } satisfies CacheRecord));
    return { compiled: { file: outfile, inputs } };
  } catch (error) {
    if (isBuildFailure(error)) return { problems: error.errors.map(toProblem) };
    throw error;
  }
}

/** Named for the entry, and for the clone: two clones can share one node_modules (a test's copy of the project). */
export function cacheName(entry: string): string {
  const clone = createHash('sha256').update(projectRoot).digest('hex').slice(0, 8);
  return `${entry.replace(/\.ts$/, '').replace(/[^a-z0-9]+/gi, '-')}-${clone}`;
}

/** A fingerprint of the files' contents, e.g. to remember that a type check passed for exactly these. */
export function fingerprint(inputs: string[]): string {
  const hash = createHash('sha256');
  for (const path of [...inputs].sort()) hash.update(path).update('\0').update(readFileSync(join(projectRoot, path))).update('\0');
  return hash.digest('hex');
}

/** `import.meta.url` of each file stays its own source's URL, so `new URL('./x.sh', import.meta.url)` finds x.sh. */
const sourceUrls: Plugin = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

function toProblem(message: BuildFailure['errors'][number]): CodeProblem {
  const where = message.location;
  if (!where) return { at: { file: '', line: 0, column: 0, frame: '' }, message: message.text };
  // esbuild counts columns from 0; editors and compilers from 1.
  return { at: locate(relative(projectRoot, join(projectRoot, where.file)), where.line, where.column + 1, message.text), message: message.text };
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

function readRecord(file: string): CacheRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
}

function unchanged(record: CacheRecord): boolean {
  return record.inputs.every((input) => {
    const now = fileStamp(input.path);
    return now.mtimeMs === input.mtimeMs && now.size === input.size;
  });
}

function fileStamp(path: string): { mtimeMs: number; size: number } {
  try {
    const stat = statSync(join(projectRoot, path));
    return { mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return { mtimeMs: -1, size: -1 };
  }
}
