#!/usr/bin/env node
// Builds the runner (lab-runner/, and the site config `npm start` uses) into dist/runner/ with esbuild, so no command
// pays to compile it. `npm install` runs this (the `prepare` script); bin/lab.js runs it again when a source file is
// newer than the build, so a change to the runner is never run stale.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist', 'runner');
const stampFile = join(outdir, 'stamp.json');
const sourceDirs = ['lab-runner', 'site/plugin', 'site/shared'];
const entryPoints = {
  cli: 'lab-runner/cli.ts',
  child: 'lab-runner/execute/child.ts',
  supervisor: 'lab-runner/local-instance/supervisor.ts',
  gate: 'lab-runner/gate/main.ts',
  start: 'site/plugin/serve.ts',
  api: 'lab-runner/api/handler.ts',
};

function newestSource() {
  let newest = statSync(join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of sourceDirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  return newest;
}

function isCurrent() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    return stamp.root === root && stamp.newest >= newestSource();
  } catch {
    return false;
  }
}

export async function buildRunner({ quiet = false } = {}) {
  const newest = newestSource();
  const esbuild = await import('esbuild');
  const { metafile } = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
  });
  removeOldChunks(new Set(Object.keys(metafile.outputs).map((file) => join(root, file))));
  writeFileSync(stampFile, `${JSON.stringify({ root, newest })}\n`);
}

/** A day: a process started before a rebuild (`npm start`) may still load chunks of its own build lazily. */
const OLD_CHUNK_MS = 24 * 60 * 60 * 1000;

/** Each build names its chunks anew; those of earlier builds are deleted once no running process can need them. */
function removeOldChunks(current) {
  const chunks = join(outdir, 'chunks');
  if (!existsSync(chunks)) return;
  for (const name of readdirSync(chunks)) {
    const file = join(chunks, name);
    if (!current.has(file) && Date.now() - statSync(file).mtimeMs > OLD_CHUNK_MS) rmSync(file, { force: true });
  }
}

/** Builds only when something changed; the check costs a few milliseconds. */
export async function ensureRunnerBuilt() {
  if (!isCurrent()) await buildRunner({ quiet: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  await buildRunner();
  process.stdout.write(`runner built into dist/runner in ${Math.round(performance.now() - started)} ms\n`);
}
