// Runs the real `lab` command as a student would, and captures what it printed and its exit code.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `lab` command as npm installs it for a student. */
export const labBin = fileURLToPath(new URL('../../bin/lab.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, input?: string): Promise<CliResult> {
  return runBin(labBin, args, env, input);
}

/** The `lab` command of another copy of the project (see project-copy.ts). */
export function runCliIn(root: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return runBin(join(root, 'bin', 'lab.js'), args, env);
}

function runBin(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
