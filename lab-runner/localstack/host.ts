// Host mode: LocalStack from PyPI in a virtual environment in the user's cache, run as a plain background process.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { LOCALSTACK_VERSION, localstackHome, requirementsFile, SERVICES } from './pinned.js';

export interface HostPaths {
  home: string;
  venv: string;
  python: string;
  installLog: string;
  runLog: string;
  data: string;
}

export function hostPaths(env: NodeJS.ProcessEnv = process.env): HostPaths {
  const home = localstackHome(env);
  const venv = join(home, 'venv');
  const bin = process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
  return { home, venv, python: bin, installLog: join(home, 'install.log'), runLog: join(home, 'localstack.log'), data: join(home, 'data') };
}

function requirementsHash(): string {
  return createHash('sha256').update(readFileSync(requirementsFile)).digest('hex').slice(0, 16);
}

export function isInstalled(paths: HostPaths): boolean {
  const marker = join(paths.venv, 'installed');
  return existsSync(paths.python) && existsSync(marker) && readFileSync(marker, 'utf8') === requirementsHash();
}

/** A Python 3.10+ to build the virtual environment with; 3.11 first, the version the pins were resolved for. */
export function findPython(): string {
  for (const candidate of ['python3.11', 'python3.10', 'python3', 'python']) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    const version = probe.status === 0 ? probe.stdout.trim() : '';
    if (version === '3.10' || version === '3.11' || version === '3.12' || version === '3.13') return candidate;
  }
  throw new UserError(
    'No Python 3.10 or newer with venv was found to run LocalStack.',
    'Install Python 3.11 (Debian: apt-get install python3 python3-venv), or start a Docker engine.',
  );
}

/** Installs the pinned LocalStack; `progress(done, total)` follows pip's output. */
export async function install(paths: HostPaths, progress: (done: number, total: number) => void): Promise<void> {
  mkdirSync(paths.home, { recursive: true });
  const python = findPython();
  const log = openSync(paths.installLog, 'w');
  try {
    await runLogged(python, ['-m', 'venv', '--clear', paths.venv], log, () => {});
    const total = readFileSync(requirementsFile, 'utf8').split('\n').filter((l) => /^[A-Za-z0-9]/.test(l)).length;
    let done = 0;
    await runLogged(paths.python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-deps', '-r', requirementsFile], log, (line) => {
      if (/^(Collecting|Requirement already satisfied)/.test(line)) progress(++done, total);
    });
  } catch (error) {
    throw new UserError(`Installing LocalStack ${LOCALSTACK_VERSION} failed: ${(error as Error).message}.`, `The full log is ${paths.installLog}.`);
  } finally {
    closeSync(log);
  }
  writeFileSync(join(paths.venv, 'installed'), requirementsHash());
}

function runLogged(command: string, args: string[], log: number, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const take = (chunk: Buffer) => {
      writeSync(log, chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
}


/** What of this computer's environment LocalStack needs to run; nothing else, and never credentials. */
const PASSED_THROUGH = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'WINDIR', 'COMSPEC'];

/**
 * LocalStack's settings for host mode. It listens on `internal` (loopback, behind the gate) through its hypercorn
 * gateway, which binds the interface it is given (4.13.1's default twisted gateway binds 0.0.0.0 whatever it is told),
 * and names `publicEndpoint` in the URLs it hands out (queue URLs), so they lead through the gate.
 */
export function hostEnvironment(paths: HostPaths, internal: URL, publicEndpoint: URL, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(PASSED_THROUGH.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  return {
    ...kept,
    OVERRIDE_IN_DOCKER: '0',
    FILESYSTEM_ROOT: paths.data,
    GATEWAY_SERVER: 'hypercorn',
    GATEWAY_LISTEN: `127.0.0.1:${internal.port}`,
    LOCALSTACK_HOST: `localhost:${publicEndpoint.port || '4566'}`,
    DNS_ADDRESS: '0',
    DISABLE_EVENTS: '1',
    SKIP_SSL_CERT_DOWNLOAD: '1',
    SERVICES: SERVICES.join(','),
    EAGER_SERVICE_LOADING: '1',
  };
}

/** Starts LocalStack detached, so it outlives this command; returns its process id. */
export function startHost(paths: HostPaths, internal: URL, publicEndpoint: URL): number {
  mkdirSync(paths.data, { recursive: true });
  const log = openSync(paths.runLog, 'a');
  const child = spawn(paths.python, ['-m', 'localstack.runtime.main'], {
    env: hostEnvironment(paths, internal, publicEndpoint),
    cwd: paths.home,
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  closeSync(log);
  if (!child.pid) throw new UserError('LocalStack could not be started.', `See ${paths.runLog}.`);
  return child.pid;
}

export function tailOfLog(file: string, lines = 5): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
