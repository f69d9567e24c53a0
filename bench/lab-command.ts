// What every bench figure is made of: `lab` commands run as a student runs them, each in a LocalStack account of its
// own (a 12-digit access key id selects it), timed, and the median of several runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../lab-runner/paths.js';

export const labBin = join(projectRoot, 'bin', 'lab.js');

/** The environment of a student working in `account` of the local cloud at `endpoint`. */
export function accountEnv(endpoint: string, account: string, stateDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: account,
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    NO_COLOR: '1',
    WORKBOOK_STATE_DIR: stateDir,
  };
}

let serial = 0;

/** A fresh account, never used before, with progress of its own: `first` sets apart the figures that use them. */
export function freshAccountEnv(endpoint: string, first: number): NodeJS.ProcessEnv {
  serial += 1;
  const account = String(first + (Date.now() % 1_000_000) * 1000 + serial);
  return accountEnv(endpoint, account, mkdtempSync(join(tmpdir(), 'bench-state-')));
}

/** Runs a command to its end and gives its time in ms; any other exit code than `okCodes` ends the bench, saying why. */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv, okCodes = [0]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (!okCodes.includes(result.status ?? -1)) {
    const at = env.AWS_ENDPOINT_URL ? ` at ${env.AWS_ENDPOINT_URL}` : '';
    throw new Error(`${command} ${args.join(' ')}${at} exited ${result.status}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  }
  return ms;
}

export const lab = (args: string[], env: NodeJS.ProcessEnv, okCodes?: number[]): number => timed(process.execPath, [labBin, ...args], env, okCodes);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
