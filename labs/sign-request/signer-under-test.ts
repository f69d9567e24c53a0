// Which signer `lab check sign-request` tests. A signature leaves no trace in the cloud, so the check runs the signer
// itself, here, on this computer. Each `lab run sign-request` records the signer it ran (yours from labs/, or the
// reference from solutions/ with --solution) in the workbook's state folder, and the check tests that one and says
// which it was. Without a record it tests yours. The record is a plain file the student controls, like their code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TodoError } from '../../lab-runner/lab.js';
import { projectRoot, stateDir } from '../../lab-runner/paths.js';
import type { Signer } from './types.js';

export const STUDENT_SIGNER = 'labs/sign-request/signer.ts';
export const SOLUTION_SIGNER = 'solutions/sign-request/signer.ts';

export interface SignerChoice {
  /** Relative to the project, e.g. `labs/sign-request/signer.ts`. */
  file: string;
  /** Why this one, in words for the check's detail. */
  why: string;
}

function recordFile(): string {
  return join(stateDir(), 'sign-request', 'signer-under-test.json');
}

/** Called by the lab as it starts: from now on the checks test the signer this run uses. */
export function recordSignerUnderTest(file: string): void {
  mkdirSync(join(stateDir(), 'sign-request'), { recursive: true });
  writeFileSync(recordFile(), `${JSON.stringify({ file: projectRelative(file), at: new Date().toISOString() })}\n`);
}

export function signerUnderTest(): SignerChoice {
  const recorded = readRecord();
  if (recorded === undefined) return { file: STUDENT_SIGNER, why: 'your signer' };
  if (!insideProject(recorded) || !existsSync(resolve(projectRoot, recorded))) {
    return { file: STUDENT_SIGNER, why: `your signer (the recorded ${recorded} does not exist)` };
  }
  if (recorded === STUDENT_SIGNER) return { file: recorded, why: 'your signer' };
  if (recorded === SOLUTION_SIGNER) {
    return { file: recorded, why: 'the reference solution, because your last run was `npx lab run sign-request --solution`; run `npx lab run sign-request` to test yours' };
  }
  return { file: recorded, why: `the signer the last run recorded` };
}

export async function loadSigner(choice: SignerChoice): Promise<Signer> {
  let module: Partial<Signer>;
  try {
    module = (await import(pathToFileURL(resolve(projectRoot, choice.file)).href)) as Partial<Signer>;
  } catch (error) {
    throw new Error(`${choice.file} could not be loaded: ${firstLine(error)}`);
  }
  if (typeof module.signRequest !== 'function') throw new Error(`${choice.file} exports no signRequest function`);
  return module as Signer;
}

/** What went wrong when a signer threw, in words: a TODO left is the usual case. */
export function signerProblem(error: unknown, choice: SignerChoice): string {
  if (error instanceof TodoError) return `your signer still has TODOs (${projectRelative(error.file)}:${error.line})`;
  return `${choice.file} threw: ${firstLine(error)}`;
}

function readRecord(): string | undefined {
  try {
    const { file } = JSON.parse(readFileSync(recordFile(), 'utf8')) as { file?: unknown };
    return typeof file === 'string' ? file : undefined;
  } catch {
    return undefined;
  }
}

function projectRelative(file: string): string {
  return relative(projectRoot, resolve(projectRoot, file)).split(sep).join('/');
}

function insideProject(file: string): boolean {
  const inside = relative(projectRoot, resolve(projectRoot, file));
  return !inside.startsWith('..') && file.endsWith('.ts');
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
