// `npm start`: the local cloud, then the site with its runner API, on 127.0.0.1. The site uses the runner (its API,
// its local cloud); the runner never imports the site.
import { Command } from 'commander';
import type { LogLevel } from 'vite';
import { runnerApiPlugin } from '../../lab-runner/api/vite-plugin.js';
import { reportError, withTarget } from '../../lab-runner/cli.js';
import { up } from '../../lab-runner/localstack/local-cloud.js';
import { projectRoot } from '../../lab-runner/paths.js';
import { colour as c } from '../../lab-runner/report/style.js';
import { openSession } from '../../lab-runner/session.js';
import type { TargetOptions } from '../../lab-runner/target.js';
import { siteConfig } from './site-config.js';

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
  const { createServer } = await import('vite');
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
  // Say truthfully where the page's buttons act, before anything can be pressed.
  const session = await openSession(target);
  const { url } = await startSite({ target });
  say(`\n${c.bold('Cloud Workbook')} is at ${c.cyan(url)}`);
  if (session.target.name === 'aws') {
    say(c.yellow(`The page's buttons act on a REAL AWS account: ${session.account}, region ${session.target.region}, as ${session.arn}.`));
    say(c.dim('Each action that creates or removes asks for the account id to be typed on the page. Ctrl-C stops the site.'));
  } else {
    say(c.dim(`The page's buttons act on ${session.target.label}, account ${session.account}, region ${session.target.region}; or in a terminal: npx lab run connect.`));
    say(c.dim('Ctrl-C stops the site; `npx lab down` stops the local cloud.'));
  }
}
