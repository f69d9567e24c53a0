// The `lab` command: list, up, down, status, run, check, hint, reset.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.js';
import { Command, CommanderError, Option } from 'commander';
import { checkLab, type LabReport } from './check.js';
import { ask, canAsk, confirmSpend } from './confirm.js';
import { labRegion } from './context.js';
import { UserError } from './errors.js';
import { down, status, up } from './localstack/local-cloud.js';
import { assertKnownLab, labIds, loadLab } from './registry.js';
import { junitXml } from './report/junit.js';
import { colour as c, interactive } from './report/style.js';
import { checkTable } from './report/table.js';
import { terminalReporter } from './report/terminal.js';
import { applyReset, planReset, type ResetResult } from './reset.js';
import { runLab, targetKey } from './run.js';
import { openSession, type Session } from './session.js';
import { describeStatus, labStatuses, readState } from './state.js';
import type { TargetOptions } from './target.js';
import { gradeClass, readProfilesFile } from './grading.js';
import ora from 'ora';

interface CommonOptions extends TargetOptions {
  yes?: boolean;
  json?: boolean;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export function withTarget(command: Command): Command {
  return command
    .addOption(new Option('--target <name>', 'where to run: localstack (default) or aws'))
    .option('--endpoint <url>', 'any AWS-compatible endpoint (default for localstack: $AWS_ENDPOINT_URL or http://127.0.0.1:4566)')
    .option('--profile <name>', 'AWS profile from ~/.aws/config')
    .option('--region <code>', 'AWS region, e.g. eu-west-1')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print JSON instead of a table');
}

async function session(options: CommonOptions): Promise<Session> {
  const s = await openSession(options);
  readState((warning) => process.stderr.write(`${c.yellow('!')} ${warning}\n`));
  return s;
}

async function idsFor(which: string): Promise<string[]> {
  if (which === 'all') return labIds();
  await assertKnownLab(which);
  return [which];
}

export function program(): Command {
  const cli = new Command('lab')
    .description('Run, check and reset the Cloud Workbook labs against LocalStack or AWS.')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError(false)
    .exitOverride();

  withTarget(cli.command('list').description('the labs, and how far you are with each on the current target')).action(async (o: CommonOptions) => {
    const ids = await labIds();
    const labs = await Promise.all(ids.map((id) => loadLab(id)));
    let statuses: ReturnType<typeof labStatuses> = {};
    let where = '';
    try {
      const s = await session(o);
      statuses = labStatuses(targetKey(s));
      where = `${s.target.label} · account ${s.account}`;
    } catch (error) {
      where = `target not reachable: ${(error as Error).message}`;
    }
    if (o.json) return out(JSON.stringify({ labs: labs.map((l) => ({ id: l.id, title: l.title, status: describeStatus(statuses[l.id]) })) }));
    out(c.dim(where));
    const width = Math.max(...ids.map((id) => id.length));
    for (const lab of labs) out(`  ${lab.id.padEnd(width)}  ${lab.title}  ${c.cyan(`[${describeStatus(statuses[lab.id])}]`)}`);
  });

  cli.command('up').description('make LocalStack answer on this computer (reuse, Docker, or host mode)').action(async () => {
    const spinner = interactive ? ora('checking for LocalStack…').start() : undefined;
    const result = await up({
      note: (m) => (spinner ? spinner.info(m).start() : out(m)),
      update: (m) => (spinner ? (spinner.text = m) : undefined),
    });
    spinner?.stop();
    const how = { reused: 'already running, reused', docker: 'started in Docker', host: 'started in host mode' }[result.way];
    out(`${c.green('✓')} LocalStack ${result.version} at ${result.endpoint}: ${how} (${result.ms} ms)`);
  });

  cli.command('down').description('stop the LocalStack that `lab up` started').action(async () => {
    out((await down()).message);
  });

  cli.command('status').option('--json', 'print JSON').description('endpoint, way, version and health of LocalStack').action(async (o: { json?: boolean }) => {
    const s = await status();
    if (o.json) return out(JSON.stringify(s));
    out(`endpoint  ${s.endpoint}`);
    out(`running   ${s.running ? c.green('yes') : c.red('no')}${s.running ? ` (${s.way})` : ''}`);
    out(`version   ${s.version ?? '-'}`);
    out(`installed ${s.installed ? 'host mode ready' : 'host mode not installed yet'}`);
    for (const [name, state] of Object.entries(s.services)) out(`  ${name.padEnd(11)} ${state === 'running' || state === 'available' ? c.green(state) : c.red(state)}`);
    if (!s.running) process.exitCode = 1;
  });

  withTarget(cli.command('run <lab>').description('run a lab\'s steps, stopping at your first TODO'))
    .option('--solution', 'run the completed reference solution')
    .option('--email <address>', 'billing-alarm on AWS: also subscribe this email address')
    .action(async (labId: string, o: CommonOptions & { solution?: boolean; email?: string }) => {
      await assertKnownLab(labId);
      const s = await session(o);
      const lab = await loadLab(labId, Boolean(o.solution));
      await confirmSpend(s, lab, labRegion(lab, s.target), Boolean(o.yes));
      const result = await runLab({ labId, session: s, solution: o.solution, sink: terminalReporter(), options: o.email ? { email: o.email } : {} });
      if (result.outcome !== 'completed') process.exitCode = 1;
    });

  withTarget(cli.command('check <lab>').description('check a lab (or `all`) against the live target'))
    .option('--junit <file>', 'also write JUnit XML for a CI server')
    .option('--profiles <list>', 'grade a class: comma-separated AWS profiles, one per student')
    .option('--profiles-file <file>', 'grade a class: a file with one profile per line')
    .option('--out <prefix>', 'class report file prefix (writes <prefix>.csv and <prefix>.json)', 'class-report')
    .option('--concurrency <n>', 'accounts checked at once when grading', '4')
    .action(async (which: string, o: CommonOptions & { junit?: string; profiles?: string; profilesFile?: string; out: string; concurrency: string }) => {
      const ids = await idsFor(which);
      if (o.profiles || o.profilesFile) {
        const profiles = o.profiles ? o.profiles.split(',').map((p) => p.trim()).filter(Boolean) : readProfilesFile(o.profilesFile ?? '');
        const summary = await gradeClass({ labIds: ids, profiles, target: o, concurrency: Number(o.concurrency) || 4, outPrefix: o.out });
        out(summary.line);
        if (!summary.allPassed) process.exitCode = 1;
        return;
      }
      const s = await session(o);
      const reports: LabReport[] = [];
      for (const id of ids) reports.push(await checkLab(id, s));
      if (o.junit) writeFileSync(o.junit, junitXml(reports));
      if (o.json) out(JSON.stringify(which === 'all' ? { labs: reports } : reports[0]));
      else out(reports.map(checkTable).join('\n\n'));
      if (!reports.every((r) => r.passed)) process.exitCode = 1;
    });

  cli.command('hint <lab> [step]').description('the hint for a step (default: where you stopped)').action(async (labId: string, step?: string) => {
    await assertKnownLab(labId);
    const lab = await loadLab(labId);
    const numbers = step === undefined ? lab.steps.map((_, i) => i + 1) : [Number(step)];
    for (const n of numbers) {
      if (!Number.isInteger(n) || n < 1 || n > lab.steps.length) throw new UserError(`Lab ${labId} has no step "${step}".`, `Its steps are 1 to ${lab.steps.length}.`);
    }
    if (step === undefined) out(`${c.bold(lab.title)}\n${lab.goal}\n${lab.localNote ? `\n${c.yellow('LocalStack:')} ${lab.localNote}\n` : ''}`);
    for (const n of numbers) {
      const s = lab.steps[n - 1];
      out(`${c.bold(`${n}. ${s.title}`)}\n   ${c.dim(`$ ${s.command}`)}\n   ${s.hint}`);
    }
  });

  withTarget(cli.command('reset <lab>').description('remove what a lab (or `all`) created, found by its tag')).action(async (which: string, o: CommonOptions) => {
    const ids = await idsFor(which);
    const s = await session(o);
    const results: ResetResult[] = [];
    for (const id of [...ids].reverse()) {
      const plan = await planReset(id, s);
      if (plan.resources.length === 0) {
        if (!o.json) out(`${id}: nothing tagged workbook:lab=${id} in ${s.target.label} ${plan.ctx.region}.`);
        results.push({ lab: id, removed: [], failed: [] });
        continue;
      }
      if (!o.json) {
        out(`${c.bold(id)}: will remove from account ${s.account}, ${plan.ctx.region}:`);
        for (const r of plan.resources) out(`  - ${r.kind} ${r.name ?? r.id}${r.name && r.name !== r.id ? c.dim(` (${r.id})`) : ''}`);
      }
      if (!o.yes && canAsk()) {
        if (!/^y(es)?$/i.test(await ask('Remove these? [y/N] '))) throw new UserError('Not confirmed; nothing was removed.');
      } else if (!o.yes && s.target.name === 'aws') {
        throw new UserError(`Refusing to delete from AWS account ${s.account} without a confirmation.`, 'Run it on a terminal to confirm, or pass --yes.');
      }
      const result = await applyReset(plan, s);
      results.push(result);
      if (!o.json) {
        out(`  ${c.green('✓')} removed ${result.removed.length}`);
        for (const f of result.failed) out(`  ${c.red('✗')} could not remove ${f.resource.kind} ${f.resource.name ?? f.resource.id}: ${f.error}`);
      }
    }
    if (o.json) out(JSON.stringify({ labs: results }));
    if (results.some((r) => r.failed.length > 0)) process.exitCode = 1;
  });

  return cli;
}

export async function main(argv = process.argv): Promise<number> {
  try {
    await program().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return reportError(error);
  }
}

export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2; // commander already printed its one line
  }
  if (error instanceof UserError) {
    process.stderr.write(`${c.red('✗')} ${error.message}${error.advice ? `\n  ${error.advice}` : ''}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${c.red('✗')} ${message.split('\n')[0]}\n  This is a bug in the workbook; set LAB_DEBUG=1 to see where it happened.\n`);
  if (process.env.LAB_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
  return 2;
}
