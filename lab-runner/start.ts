// `npm start`: the local cloud, then the site with its runner API, on 127.0.0.1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { LogLevel } from 'vite';
import { runnerApiPlugin } from './api/vite-plugin.js';
import { withTarget } from './cli.js';
import { up } from './localstack/local-cloud.js';
import type { TargetOptions } from './target.js';
import { projectRoot } from './paths.js';
import { colour as c } from './report/style.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `npm start -- --target aws --profile p` fixes the target the page's buttons act on; the browser cannot change it. */
function targetFromArgs(argv: string[]): TargetOptions {
  const command = withTarget(new Command('start').allowExcessArguments(false)).exitOverride();
  command.parse(argv, { from: 'user' });
  const { target, endpoint, profile, region } = command.opts<TargetOptions>();
  return { target, endpoint, profile, region };
}

export interface SiteOptions {
  /** The target every button acts on, fixed here; the browser cannot change it. */
  target?: TargetOptions;
  /** Credentials, endpoint and region for the target (tests pass a LocalStack account of their own). */
  env?: NodeJS.ProcessEnv;
  /** 0 for any free port, another number for exactly that one; by default Vite's 5173, or the next free one. */
  port?: number;
  /** Lab ids the lessons may name; by default the folders under labs/ (tests pass the design's list). */
  knownLabs?: readonly string[];
  logLevel?: LogLevel;
  /** Where Vite keeps its pre-bundled dependencies; tests use their own, apart from a student's `npm start`. */
  cacheDir?: string;
}

export interface RunningSite {
  /** e.g. `http://127.0.0.1:5173/` */
  url: string;
  close(): Promise<void>;
}

/** The site's dev server with the runner API, listening on 127.0.0.1 only. */
export async function startSite(options: SiteOptions = {}): Promise<RunningSite> {
  const [{ createServer }, { siteConfig }] = await Promise.all([import('vite'), import('../site/plugin/site-config.js')]);
  // The same configuration vite.config.ts gives `npx vite` and `npm run build`, plus the API.
  const config = siteConfig({ projectRoot, knownLabs: options.knownLabs, logLevel: options.logLevel });
  const server = await createServer({
    ...config,
    configFile: false,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    server: { ...config.server, host: '127.0.0.1', port: options.port, strictPort: options.port !== undefined },
    plugins: [...(config.plugins ?? []), runnerApiPlugin(options.target, options.env)],
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('The site server started but has no local address.');
  }
  return { url, close: () => server.close() };
}

/** `npm start`: one clear line and exit 2 on what stops it, as the `lab` command does. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  try {
    await start(argv);
    return 0;
  } catch (error) {
    const { reportError } = await import('./cli.js');
    return reportError(error);
  }
}

export async function start(argv: string[] = process.argv.slice(2)): Promise<void> {
  const target = targetFromArgs(argv);
  if (target.target !== 'aws' && !target.endpoint) {
    say('Bringing up the local cloud (the first time installs LocalStack, a few minutes)…');
    const cloud = await up({ note: say, update: (m) => say(`  ${m}`) });
    say(`${c.green('✓')} LocalStack ${cloud.version} at ${cloud.endpoint} (${cloud.way}, ${cloud.ms} ms)`);
  }
  if (!existsSync(join(projectRoot, 'site', 'index.html'))) {
    say('\nRun a lab:\n  npx lab list\n  npx lab run connect\n  npx lab check connect');
    return;
  }
  const { url } = await startSite({ target });
  say(`\n${c.bold('Cloud Workbook')} is at ${c.cyan(url)}`);
  say(c.dim('Labs run against the local cloud from the page, or in a terminal: npx lab run connect. Ctrl-C stops the site; `npx lab down` stops LocalStack.'));
}
