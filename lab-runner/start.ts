// `npm start`: the local cloud, then the site with its runner API, on 127.0.0.1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
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
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: join(projectRoot, 'vite.config.ts'),
    server: { host: '127.0.0.1' },
    plugins: [runnerApiPlugin(target)],
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
  say(`\n${c.bold('Cloud Workbook')} is at ${c.cyan(url)}`);
  say(c.dim('Labs run against the local cloud from the page, or in a terminal: npx lab run connect. Ctrl-C stops the site; `npx lab down` stops LocalStack.'));
}
