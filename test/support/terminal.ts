// Runs the `lab` command on a pseudo-terminal (util-linux `script`), as a person at a keyboard would, and types
// an answer once the prompt appears.
import { spawn } from 'node:child_process';
import { type CliResult, labBin } from './cli.js';

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function runOnTerminal(args: string[], env: NodeJS.ProcessEnv, prompt: RegExp, answer: string): Promise<CliResult> {
  const command = [process.execPath, labBin, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...env, NO_COLOR: '1', TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let answered = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!answered && prompt.test(stdout)) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: '' }));
  });
}
