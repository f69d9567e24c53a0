// Type-checks a student's lab files before they run, as the TypeScript compiler would: a missing `await`, a wrong
// shape of TagSpecifications, a typo in an output's name. TypeScript 7 (the native compiler) takes a second or two;
// a pass is remembered for exactly those file contents, so an unchanged lab is not checked again.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { buildCacheDir, projectRoot } from '../paths.js';
import { cacheName, fingerprint } from './compile.js';
import { type CodeProblem, locate } from './frame.js';

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/** `entry` and `inputs` are relative to the project; `inputs` come from compiling the entry. */
export function typecheckLab(entry: string, inputs: string[]): Promise<CodeProblem[]> {
  return typecheckFiles([entry], inputs, cacheName(entry));
}

/** One compiler run over several entries; `name` keys what a pass is remembered under. */
export async function typecheckFiles(entries: string[], inputs: string[], name: string): Promise<CodeProblem[]> {
  const dir = join(buildCacheDir, 'typecheck');
  mkdirSync(dir, { recursive: true });
  const passedFile = join(dir, `${name}.passed`);
  const config = join(dir, `${name}.tsconfig.json`);
  const fingerprintNow = fingerprint([...inputs, 'tsconfig.json']);
  if (existsSync(passedFile) && readFileSync(passedFile, 'utf8') === fingerprintNow) return [];
  const toRoot = relative(dir, projectRoot);
  writeFileSync(config, JSON.stringify({ extends: join(toRoot, 'tsconfig.json'), compilerOptions: { noEmit: true, incremental: false }, include: [], files: entries.map((e) => join(toRoot, e)) }));
  const output = await run(process.execPath, [compilerPath(), '-p', config, '--pretty', 'false']);
  const problems = parseDiagnostics(output);
  if (problems.length === 0) writeFileSync(passedFile, fingerprintNow);
  return problems;
}

/** TypeScript 7, installed under the name typescript-native beside TypeScript 5 (which the site's Vue tools need). */
function compilerPath(): string {
  const manifest = createRequire(join(projectRoot, 'package.json')).resolve('typescript-native/package.json');
  return join(dirname(manifest), 'bin', 'tsc');
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}

/** `file(line,col): error TS1234: message`, then indented lines that continue the message. */
export function parseDiagnostics(output: string): CodeProblem[] {
  const problems: CodeProblem[] = [];
  for (const line of output.split('\n')) {
    const match = DIAGNOSTIC.exec(line);
    if (match) {
      const [, file = '', row = '0', col = '0', code = '', message = ''] = match;
      // The compiler names files relative to where it runs: the project.
      problems.push({ at: locate(relative(projectRoot, join(projectRoot, file)), Number(row), Number(col), message), message, code });
    } else if (/^\s+\S/.test(line) && problems.length > 0) {
      const last = problems[problems.length - 1];
      if (last) last.message += `\n${line.trimEnd()}`;
    } else if (/error TS\d+/.test(line)) {
      problems.push({ at: { file: '', line: 0, column: 0, frame: '' }, message: line.trim() });
    }
  }
  return problems;
}
