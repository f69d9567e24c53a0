// `npm run bench`: how long a student and an instructor wait, on a local cloud of the bench's own (gate on 4577,
// LocalStack behind it), each figure the median of several runs; written to bench/results.json and printed as a table.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDirectoryApp } from '../directory-app/build.js';
import { readCatalogue } from '../lab-runner/catalogue/read.js';
import { hostPaths } from '../lab-runner/localstack/host.js';
import { projectRoot } from '../lab-runner/paths.js';
import type { SizeReport } from '../site/plugin/gzip-report.js';
import { PAGE_BUDGET_KB, siteConfig } from '../site/plugin/site-config.js';
import { measureGateOverhead } from './gate-overhead.js';
import { measureGradeClass } from './grade-class.js';
import { freshAccountEnv, lab, median, timed } from './lab-command.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ENDPOINT = process.env.BENCH_ENDPOINT ?? 'http://127.0.0.1:4577';
const cliScript = fileURLToPath(new URL('aws-cli/week-one.sh', import.meta.url));

export interface Figure {
  name: string;
  medianMs: number;
  runsMs: number[];
  aim: string;
  met: boolean | null;
}

/** A fresh account per run with billing alerts on, so runs never meet. */
export function freshEnv(endpoint = ENDPOINT): NodeJS.ProcessEnv {
  const env = freshAccountEnv(endpoint, 900_000_000_000);
  lab(['billing-alerts', 'on'], env);
  return env;
}

/** `aimMs` undefined: a figure reported for reference, with no aim. */
export function figure(name: string, runsMs: number[], aimMs: number | undefined, aim: string): Figure {
  const m = median(runsMs);
  return { name, medianMs: Math.round(m), runsMs: runsMs.map(Math.round), aim, met: aimMs === undefined ? null : m <= aimMs };
}

export function repeat(times: number, fn: () => number): number[] {
  return Array.from({ length: times }, fn);
}

/** What every command pays before any cloud call: the runner is built once, only lab code is compiled (and cached). */
function measureStartUp(): Figure[] {
  const env = freshEnv();
  lab(['run', 'connect', '--solution'], env); // the first run compiles the lab; the figures are of later ones
  return [
    figure('lab --version', repeat(RUNS, () => lab(['--version'], env)), 150, '≤ 0.15 s'),
    figure('lab list', repeat(RUNS, () => lab(['list'], env)), 300, '≤ 0.3 s'),
    figure('lab run connect --solution', repeat(RUNS, () => lab(['run', 'connect', '--solution'], env)), 600, '≤ 0.6 s'),
  ];
}

function measureUp(): Figure[] {
  const env = { ...process.env, AWS_ENDPOINT_URL: ENDPOINT, NO_COLOR: '1' };
  lab(['down'], env);
  const cold = repeat(RUNS, () => {
    const ms = lab(['up'], env);
    lab(['down'], env);
    return ms;
  });
  lab(['up'], env);
  const warm = repeat(RUNS, () => lab(['up'], env));
  return [figure('lab up, cold (installed, stopped)', cold, 15_000, '< 15 s'), figure('lab up, warm (already running)', warm, 500, '< 0.5 s')];
}

function measureWeek(bundle: string): { figures: Figure[]; ratio: number } {
  const ids = readCatalogue().labs.map((l) => l.id);
  const runner = repeat(RUNS, () => {
    const env = freshEnv();
    const ms = lab(['run', 'all', '--solution'], env) + lab(['check', 'all'], env);
    lab(['reset', 'all', '--yes'], env);
    return ms;
  });
  // As a student types it: each lab's solution on its own, the checks, each lab reset on its own.
  const typed = repeat(RUNS, () => {
    const env = freshEnv();
    let ms = 0;
    for (const id of ids) ms += lab(['run', id, '--solution'], env);
    ms += lab(['check', 'all'], env);
    for (const id of [...ids].reverse()) ms += lab(['reset', id, '--yes'], env);
    return ms;
  });
  const awsBin = join(hostPaths().venv, 'bin');
  const script = repeat(RUNS, () => {
    const env = { ...freshEnv(), PATH: `${awsBin}:${process.env.PATH}` };
    const ms = timed('bash', [cliScript, bundle], env);
    lab(['reset', 'all', '--yes'], env);
    return ms;
  });
  const checkEnv = freshEnv();
  lab(['run', 'all', '--solution'], checkEnv);
  const checks = repeat(RUNS, () => lab(['check', 'all'], checkEnv));
  lab(['reset', 'all', '--yes'], checkEnv);
  const week = figure('the week: lab run all --solution + lab check all', runner, 20_000, '< 20 s');
  const cli = figure('the same resources by an aws CLI script', script, undefined, 'reference');
  return {
    figures: [
      week,
      figure('the week as typed: run each, check all, reset each', typed, undefined, 'reported'),
      cli,
      figure('lab check all', checks, undefined, 'reported'),
    ],
    ratio: week.medianMs / cli.medianMs,
  };
}

async function measurePage(): Promise<SizeReport> {
  const { build } = await import('vite');
  let report: SizeReport | undefined;
  await build({ ...siteConfig({ projectRoot, outDir: mkdtempSync(join(tmpdir(), 'bench-site-')), logLevel: 'silent', onSizeReport: (r) => (report = r) }), configFile: false });
  if (!report) throw new Error('the site build gave no size report');
  return report;
}

export async function main(): Promise<void> {
  const page = await measurePage();
  const bundle = await buildDirectoryApp();
  const up = measureUp();
  const startUp = measureStartUp();
  const week = measureWeek(bundle);
  // Everything is measured with the behaviours a student gets from `lab up`.
  // Only the labs that run the same both ways: straight to LocalStack nothing enforces IAM, so iam-policies refuses to
  // run, ec2-role's check that acts as the role fails (another bucket is let through), and directory-app builds on it.
  const needsIam = new Set(['iam-policies', 'ec2-role', 'directory-app']);
  const bothWays = readCatalogue().labs.map((l) => l.id).filter((id) => !needsIam.has(id)).join(',');
  const gate = await measureGateOverhead({ endpoint: ENDPOINT, runs: Math.min(RUNS, 3), labs: bothWays });
  const grading = await measureGradeClass({ endpoint: ENDPOINT, firstAccount: 950_000_000_000 + (Date.now() % 1_000_000) * 1000 });
  const figures = [...startUp, ...week.figures, ...up];
  const kb = (b: number) => Math.round((b / 1024) * 10) / 10;
  const results = {
    date: new Date().toISOString(),
    runs: RUNS,
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    figures,
    runnerToCliRatio: Math.round(week.ratio * 100) / 100,
    runnerToCliAim: '≤ 0.33',
    gateOverhead: gate,
    gradeClass: grading,
    lessonPageGzipKb: { page: kb(page.pageBytes), app: kb(page.appBytes), heaviestLesson: page.largestLesson, aim: `≤ ${PAGE_BUDGET_KB}` },
  };
  writeFileSync(join(projectRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const verdict = (f: Figure) => (f.met === null ? '' : f.met ? 'met' : 'MISSED');
  const rows = figures.map((f) => `${f.name.padEnd(52)} ${`${(f.medianMs / 1000).toFixed(2)} s`.padStart(9)}  ${f.aim.padEnd(10)} ${verdict(f)}`);
  console.log([`${`figure (median of ${RUNS} runs)`.padEnd(52)} ${'time'.padStart(9)}  aim`, ...rows].join('\n'));
  console.log(`${'runner / aws CLI script'.padEnd(52)} ${results.runnerToCliRatio.toFixed(2).padStart(9)}  ≤ 0.33     ${week.ratio <= 1 / 3 ? 'met' : 'MISSED'}`);
  console.log(`${gate.name.padEnd(52)} ${gate.ratio.toFixed(2).padStart(9)}  ${gate.aim.padEnd(10)} ${gate.met ? 'met' : 'MISSED'}`);
  console.log(`${grading.name.padEnd(52)} ${`${(grading.medianMs / 1000).toFixed(1)} s`.padStart(9)}  ${grading.aim.padEnd(10)} ${grading.met ? 'met' : 'MISSED'}`);
  console.log(`${'lesson page JS+CSS gzipped'.padEnd(52)} ${`${kb(page.pageBytes)} KB`.padStart(9)}  ≤ ${PAGE_BUDGET_KB} KB    ${page.pageBytes <= PAGE_BUDGET_KB * 1024 ? 'met' : 'MISSED'}`);
  console.log('\nwritten to bench/results.json');
  lab(['down'], { ...process.env, AWS_ENDPOINT_URL: ENDPOINT });
}

