// Starts the real `lab` command and lets a test act while it runs: wait for a line, send Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { type CliResult, labBin } from './cli.js';

export interface RunningCli {
  child: ChildProcess;
  /** Resolves once the output so far matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv, bin = labBin): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const wake = () => {
    for (const w of [...waiters]) if (w.pattern.test(stdout)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  child.stdout?.on('data', (d: Buffer) => ((stdout += d.toString()), wake()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal === 'SIGINT' ? 130 : -1), stdout, stderr })));
  return {
    child,
    done,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        if (pattern.test(stdout)) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${stdout}\n${stderr}`)), timeoutMs);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}
