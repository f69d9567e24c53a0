// `lab dev check`: the whole set of labs is sound, without any cloud, in seconds (rustlings' `dev check`). Every lab's
// generated files are what its source makes, its data is valid, its steps have hints, its starter leaves work, its
// check ids are unique, it names lessons that exist and every lesson's lab exists, and its code type-checks.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCatalogue } from '../catalogue/read.js';
import { cacheName } from '../compile/compile.js';
import { typecheckFiles } from '../compile/typecheck.js';
import { projectRoot } from '../paths.js';
import { KINDS } from '../resources/index.js';
import { generate, labSourceIds } from './generate.js';

export interface DevCheckReport {
  labs: { id: string; problems: string[] }[];
  /** Problems of the set as a whole: lessons naming unknown labs, labs folders without a source. */
  problems: string[];
}

const LESSONS = join(projectRoot, 'site', 'lessons');

export async function devCheck({ typecheck = true }: { typecheck?: boolean } = {}): Promise<DevCheckReport> {
  const ids = labSourceIds();
  const lessons = existsSync(LESSONS) ? readdirSync(LESSONS).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)) : [];
  const labs = await Promise.all(ids.map(async (id) => ({ id, problems: await checkLab(id, ids, lessons) })));
  const problems = setProblems(ids, lessons);
  if (typecheck) problems.push(...(await typecheckAll(ids)));
  return { labs, problems };
}

async function checkLab(id: string, ids: string[], lessons: string[]): Promise<string[]> {
  const result = await generate(id);
  if ('problems' in result) return result.problems;
  const problems: string[] = [];
  for (const [file, text] of result.generated.files) {
    const path = join(projectRoot, file);
    if (!existsSync(path)) problems.push(`${file} is missing: run \`npx lab dev gen ${id}\``);
    else if (readFileSync(path, 'utf8') !== text) problems.push(`${file} is not what solutions/${id} makes: run \`npx lab dev gen ${id}\` (a student's edits would be overwritten: commit first)`);
  }
  const { entry } = result.generated;
  if (entry.id !== id) problems.push(`solutions/${id}/lab.ts: the lab's id is "${entry.id}", not its folder's name "${id}"`);
  const stepIds = entry.steps.map((s) => s.id);
  if (new Set(stepIds).size !== stepIds.length) problems.push(`solutions/${id}/lab.ts: step ids repeat: ${stepIds.join(', ')}`);
  const checkIds = entry.checks.map((c) => c.id);
  if (checkIds.length === 0) problems.push(`labs/${id}/checks.ts: no checks`);
  if (new Set(checkIds).size !== checkIds.length) problems.push(`labs/${id}/checks.ts: check ids repeat: ${checkIds.join(', ')}`);
  for (const lesson of entry.lessons) if (!lessons.includes(lesson)) problems.push(`solutions/${id}/lab.ts: lesson "${lesson}" is not a file in site/lessons/`);
  for (const required of entry.requires) if (!ids.includes(required)) problems.push(`solutions/${id}/lab.ts: requires unknown lab "${required}"`);
  for (const kind of entry.resources) if (!(kind in KINDS)) problems.push(`solutions/${id}/lab.ts: resource kind "${kind}" is not one the runner knows (lab-runner/resources/index.ts)`);
  const unlisted = servicesCalled(id).filter((service) => !(entry.services as string[]).includes(service));
  if (unlisted.length > 0) problems.push(`solutions/${id}/lab.ts: its code calls ${unlisted.join(', ')} (ctx.clients.…) but \`services\` does not list ${unlisted.length === 1 ? 'it' : 'them'}`);
  const todos = [...result.generated.files.values()].join('\n').match(/\btodo\(/g)?.length ?? 0;
  if (todos === 0) problems.push(`labs/${id}: the starter leaves nothing to write`);
  return problems;
}

/** The services a lab's code (its source, its checks, its helpers) reaches through ctx.clients. */
function servicesCalled(id: string): string[] {
  const files = [join(projectRoot, 'solutions', id), join(projectRoot, 'labs', id)].flatMap((dir) => tsFiles(dir));
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  return [...new Set([...text.matchAll(/\bclients\.(sts|ec2|iam|s3|ssm|cloudwatch|sns|sqs)\b/g)].map((m) => m[1] ?? ''))].filter((s) => s && s !== 'sts');
}

function setProblems(ids: string[], lessons: string[]): string[] {
  const problems: string[] = [];
  for (const p of readCatalogue().problems) if (!ids.includes(p.id)) problems.push(`${p.problem} (labs/${p.id} has no source in solutions/)`);
  for (const lesson of lessons) {
    const text = readFileSync(join(LESSONS, `${lesson}.md`), 'utf8');
    const lab = /^---\n[\s\S]*?^lab:\s*([a-z0-9-]+)\s*$[\s\S]*?^---$/m.exec(text)?.[1];
    if (lab && !ids.includes(lab)) problems.push(`site/lessons/${lesson}.md: lab "${lab}" does not exist`);
  }
  return problems;
}

/** Every lab's source, starter and checks in one compiler run: a generated starter must type-check like its source. */
async function typecheckAll(ids: string[]): Promise<string[]> {
  const files = ids.flatMap((id) => [`solutions/${id}/lab.ts`, `labs/${id}/lab.ts`, `labs/${id}/checks.ts`]).filter((f) => existsSync(join(projectRoot, f)));
  const everything = ['lab-runner', 'labs', 'solutions'].flatMap((dir) => tsFiles(join(projectRoot, dir)).map((f) => f.slice(projectRoot.length + 1)));
  const problems = await typecheckFiles(files, everything, cacheName('dev-check'));
  return problems.map((p) => `${p.at.file}:${p.at.line}:${p.at.column}: ${p.code ?? 'error'}: ${p.message}`);
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}
