// Grading a class of 100 LocalStack accounts, half with the week built (`lab run <id> --solution` for every lab in the
// catalogue) and half with nothing: how long `lab check all --profiles-file …` takes. bench/run.ts calls
// `measureGradeClass`; run alone (`npx tsx bench/grade-class.ts`) it prints its figure as JSON.
// BENCH_ENDPOINT picks the LocalStack, BENCH_FIRST_ACCOUNT the first account id, BENCH_STUDENTS how many (100), BENCH_RUNS
// the runs. The accounts built are reset at the end.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { ensureRunnerBuilt } from '../bin/build-runner.js';
import { readCatalogue } from '../lab-runner/catalogue/read.js';
import { accountEnv, labBin, median } from './lab-command.js';

export interface GradeClassFigure {
  name: string;
  medianMs: number;
  runsMs: number[];
  aim: string;
  met: boolean;
  students: number;
  built: number;
  labs: string[];
}

export interface GradeClassBench {
  endpoint: string;
  /** The first of `students` consecutive 12-digit account ids. */
  firstAccount: number;
  students?: number;
  runs?: number;
}

const AIM_MS = 60_000;
/** `lab` run side by side with others: its exit code and what it printed. */
function labAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [labBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** Tried up to three times: a busy local cloud may not list a metric put a moment ago (billing alerts just on). */
async function mustPass(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { code, output } = await labAsync(args, env);
    if (code === 0) return;
    if (attempt === 3) throw new Error(`lab ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** The week built in an account: every catalogue lab's solution, in teaching order. */
async function buildWeek(endpoint: string, account: string, labs: string[], stateDir: string): Promise<void> {
  const env = accountEnv(endpoint, account, stateDir);
  await mustPass(['reset', 'all', '--yes'], env);
  if (labs.includes('billing-alarm')) await mustPass(['billing-alerts', 'on'], env);
  for (const id of labs) await mustPass(['run', id, '--solution', '--yes'], env);
}

export async function measureGradeClass({ endpoint, firstAccount, students = 100, runs = 1 }: GradeClassBench): Promise<GradeClassFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-grade-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-grade-state-'));
  // Built once here: lab commands started side by side would each rebuild a stale runner at the same moment.
  await ensureRunnerBuilt();
  const labs = readCatalogue().labs.map((l) => l.id);
  const accounts = Array.from({ length: students }, (_, i) => String(firstAccount + i).padStart(12, '0'));
  const built = accounts.filter((_, i) => i % 2 === 0);
  const limit = pLimit(4);
  await Promise.all(accounts.map((account) => limit(() => (built.includes(account) ? buildWeek(endpoint, account, labs, stateDir) : mustPass(['reset', 'all', '--yes'], accountEnv(endpoint, account, stateDir))))));

  const profiles = accounts.map((account, i) => ({ name: `student-${String(i).padStart(3, '0')}`, account }));
  writeFileSync(join(dir, 'credentials'), profiles.map((p) => `[${p.name}]\naws_access_key_id = ${p.account}\naws_secret_access_key = test\n`).join(''));
  writeFileSync(join(dir, 'class.txt'), `# ${students} LocalStack accounts\n${profiles.map((p) => p.name).join('\n')}\n`);
  const env: NodeJS.ProcessEnv = { ...accountEnv(endpoint, accounts[0] ?? '', stateDir), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') };

  const runsMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const prefix = join(dir, `class-${run}`);
    const started = performance.now();
    const { code, output } = await labAsync(['check', 'all', '--profiles-file', join(dir, 'class.txt'), '--out', prefix], env);
    runsMs.push(Math.round(performance.now() - started));
    if (code !== 1) throw new Error(`grading exited ${code}, not 1 (half the class has nothing):\n${output.slice(-2000)}`);
    checkScores(prefix, built.length, students);
  }
  // What the bench built goes again, the directory apps it booted included, so nothing keeps running after it.
  await Promise.all(built.map((account) => limit(() => mustPass(['reset', 'all', '--yes'], accountEnv(endpoint, account, stateDir)))));
  const medianMs = Math.round(median(runsMs));
  return { name: `grade a class: ${students} accounts, ${built.length} with the week built`, medianMs, runsMs, aim: '≤ 60 s', met: medianMs <= AIM_MS, students, built: built.length, labs };
}

/** The figure counts only if grading got it right: every built account passes every check it ran, the others none. */
function checkScores(prefix: string, built: number, students: number): void {
  const report = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as { students: { state: string; passed: number; total: number }[] };
  const full = report.students.filter((s) => s.state === 'graded' && s.total > 0 && s.passed === s.total).length;
  const none = report.students.filter((s) => s.state === 'graded' && s.passed === 0).length;
  if (report.students.length !== students || full !== built || none !== students - built) {
    throw new Error(`grading got the class wrong: ${full} complete and ${none} empty of ${report.students.length}, expected ${built} and ${students - built}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figure = await measureGradeClass({
    endpoint: process.env.BENCH_ENDPOINT ?? 'http://127.0.0.1:4577',
    firstAccount: Number(process.env.BENCH_FIRST_ACCOUNT ?? 900_000_100_000),
    runs: Number(process.env.BENCH_RUNS ?? 1),
    students: Number(process.env.BENCH_STUDENTS ?? 100),
  });
  process.stdout.write(`${JSON.stringify(figure, null, 2)}\n`);
}
