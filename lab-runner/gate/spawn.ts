// How the gate process is started: the built runner's `gate` program (see bin/build-runner.js).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { runnerProgram } from '../paths.js';

export interface GateProcessOptions {
  port: number;
  upstream: string;
  host?: string;
  /** `--strict` as the student gave it, e.g. `consistency,throttling`. */
  strict?: string;
  keyFile?: string;
  /** Where the process's output goes. */
  logFile: string;
}

/** The command line that runs the gate. */
export function gateCommand(o: GateProcessOptions): { command: string; args: string[] } {
  const program = runnerProgram('gate');
  const args = [...program.args, '--port', String(o.port), '--upstream', o.upstream, '--host', o.host ?? '127.0.0.1'];
  if (o.strict) args.push('--strict', o.strict);
  if (o.keyFile) args.push('--key-file', o.keyFile);
  return { command: program.command, args };
}

/** Starts the gate detached, so it outlives the command that started it; returns its process id. */
export function spawnGate(o: GateProcessOptions): number {
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = openSync(o.logFile, 'a');
  const { command, args } = gateCommand(o);
  // Only what a Node process needs: the gate talks to LocalStack with keys of its own, never the student's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^AWS_|SECRET|TOKEN|PASSWORD/i.test(k)));
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  child.unref();
  closeSync(log);
  if (!child.pid) throw new Error('the gate process could not be started');
  return child.pid;
}
