// The `lab` command: list, up, down, status, run, check, hint, reset.
// Each command's module is loaded only when it runs, so `lab status` or `lab hint` never pay for the SDK.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { UserError } from './errors.js';
import { projectRoot } from './paths.js';
import { colour as c } from './report/style.js';

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export function withTarget(command: Command): Command {
  return command
    .addOption(new Option('--target <name>', 'where to run: localstack (default) or aws'))
    .option('--endpoint <url>', 'any AWS-compatible endpoint (default for localstack: $AWS_ENDPOINT_URL or http://127.0.0.1:4566)')
    .option('--profile <name>', 'AWS profile from ~/.aws/config')
    .option('--region <code>', 'AWS region, e.g. eu-west-1')
    .option('--yes', 'do not ask for confirmation')
    .option('--json', 'print JSON instead of a table');
}

export function program(): Command {
  const cli = new Command('lab')
    .description('Run, check and reset the Cloud Workbook labs against LocalStack or AWS.')
    .version(packageVersion(), '-v, --version')
    .exitOverride();

  withTarget(cli.command('list').description('the labs, and how far you are with each on the current target')).action(async (o) =>
    (await import('./commands/list.js')).list(o),
  );
  cli
    .command('up')
    .description('make the local cloud answer on this computer: LocalStack (reused, Docker or host mode) behind the gate')
    .option('--strict <list>', 'AWS behaviours to turn on (consistency, throttling, or all); -name turns one off (default: $WORKBOOK_STRICT)')
    .action(async (o: { strict?: string }) => (await import('./commands/local-cloud.js')).up(o));
  cli.command('down').description('stop the LocalStack that `lab up` started').action(async () => (await import('./commands/local-cloud.js')).down());
  cli
    .command('status')
    .option('--json', 'print JSON')
    .description('endpoint, way, version and health of LocalStack, and the gate\'s behaviours')
    .action(async (o) => (await import('./commands/local-cloud.js')).status(o));
  withTarget(cli.command('run <lab>').description("run a lab's steps (or every lab's, with `all`), stopping at your first TODO"))
    .option('--solution', 'run the completed reference solution')
    .option('--email <address>', 'billing-alarm on AWS: also subscribe this email address')
    .option('--replace-instance', 'directory-app: terminate the app instance and launch a new one')
    .option('--no-typecheck', 'run your code even if it has type errors')
    .action(async (lab: string, o) => {
      // The lab's process starts first, so it loads the SDK while the run command loads and gets ready.
      const spare = (await import('./execute/spare-child.js')).spareForRun(lab);
      await (await import('./commands/run.js')).run(lab, o, spare);
    });
  withTarget(cli.command('check <lab>').description('check a lab (or `all`) against the live target'))
    .option('--junit <file>', 'also write JUnit XML for a CI server')
    .option('--profiles <list>', 'grade a class: comma-separated AWS profiles, one per student')
    .option('--profiles-file <file>', 'grade a class: a file with one profile per line (# starts a comment line)')
    .option('--roster <file>', 'grade a class: a CSV of account ids (columns account,name), reached through --role-name')
    .option('--role-name <name>', 'with --roster: the role to assume in each student account')
    .option('--out <prefix>', 'class report prefix: writes <prefix>.json, .csv, -details.csv and .html', 'class-report')
    .option('--concurrency <n>', 'students graded at once', '16')
    .option('--writes', 'let checks act, not only read: the billing alarm sends a test notification (default on the local cloud, never when grading unless given)')
    .option('--no-writes', 'checks only read (default on AWS and when grading a class)')
    .option('--resume', 'keep the students already graded in <prefix>.json, grade the others')
    .action(async (lab: string, o) => (await import('./commands/check.js')).check(lab, o));
  cli.command('hint <lab> [step]').description('the hint for a step (all steps when none is given)').action(async (lab: string, step?: string) => (await import('./commands/hint.js')).hint(lab, step));
  withTarget(cli.command('reset <lab>').description('remove what a lab (or `all`) created, found by its tag'))
    .option('--with-dependants', 'also reset the labs that build on it and still have resources')
    .action(async (lab: string, o) => (await import('./commands/reset.js')).reset(lab, o));
  withTarget(cli.command('billing-alerts <state>').description('local cloud: switch billing alerts on (AWS/Billing metrics), as the Billing console does on AWS')).action(
    async (state: string, o) => (await import('./commands/billing-alerts.js')).billingAlerts(state, o),
  );
  const dev = cli.command('dev').description('for lab authors: generate, check and scaffold labs');
  dev.command('gen [lab]').description("write each lab's starter and catalogue entry from its source in solutions/").action(async (lab?: string) => (await import('./commands/dev.js')).gen(lab));
  dev
    .command('check')
    .description('check every lab without any cloud: generated files current, data valid, hints, TODOs, lessons, types')
    .option('--no-typecheck', 'skip the type check')
    .action(async (o) => (await import('./commands/dev.js')).check(o));
  dev
    .command('new <lab>')
    .description('scaffold a lab: its source, checks, test and a lesson stub')
    .option('--title <text>', "the lab's title")
    .action(async (lab: string, o) => (await import('./commands/dev.js')).create(lab, o));
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
