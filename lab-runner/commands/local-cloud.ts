// `lab up`, `lab down`, `lab status`.
import { describeBehaviours } from '../gate/behaviours.js';
import { down as stop, status as health, up as start } from '../localstack/local-cloud.js';
import { colour as c, interactive } from '../report/style.js';
import { out } from './out.js';

export async function up(o: { strict?: string } = {}): Promise<void> {
  // The spinner library is loaded only for a person at a terminal: a warm `lab up` in a script stays instant.
  const spinner = interactive ? (await import('ora')).default('checking for LocalStack…').start() : undefined;
  const result = await start(
    {
      note: (m) => (spinner ? spinner.info(m).start() : out(m)),
      update: (m) => (spinner ? (spinner.text = m) : undefined),
    },
    undefined,
    { strict: o.strict },
  );
  spinner?.stop();
  const how = { reused: 'already running, reused', docker: 'started in Docker', host: 'started in host mode' }[result.way];
  out(`${c.green('✓')} LocalStack ${result.version} at ${result.endpoint}: ${how} (${result.ms} ms)`);
  if (result.gate) out(`  gate: ${describeBehaviours(result.gate.behaviours)}`);
  for (const warning of result.warnings) out(`${c.yellow('!')} ${warning}`);
}

export async function down(): Promise<void> {
  out((await stop()).message);
}

export async function status(o: { json?: boolean }): Promise<void> {
  const s = await health();
  if (!s.running) process.exitCode = 1;
  if (o.json) return out(JSON.stringify(s));
  out(`endpoint  ${s.endpoint}`);
  out(`running   ${s.running ? c.green('yes') : c.red('no')}${s.running ? ` (${s.way})` : ''}`);
  out(`version   ${s.version ?? '-'}`);
  if (s.running) out(`gate      ${s.gate ? describeBehaviours(s.gate.behaviours) : c.red('none: IAM is not enforced')}`);
  if (s.running) out(`listens   ${s.exposure === 'loopback' ? c.green('loopback only') : s.exposure === 'exposed' ? c.red('beyond loopback') : 'unknown'}`);
  out(`installed ${s.installed ? 'host mode ready' : 'host mode not installed yet'}`);
  for (const [name, state] of Object.entries(s.services)) out(`  ${name.padEnd(11)} ${state === 'running' || state === 'available' ? c.green(state) : c.red(state)}`);
  for (const warning of s.warnings) out(`${c.yellow('!')} ${warning}`);
}
