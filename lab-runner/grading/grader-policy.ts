// The grader's IAM policy (docs/grader-policy.json), derived from what each lab's checks call: every SDK command the
// compiled checks import, as its IAM action, kept when it only reads. A statement per lab, so an instructor can see
// what each lab's grading needs; calls that write are left out (they run only with --writes, with more rights).
// `npx tsx lab-runner/grading/grader-policy.ts > docs/grader-policy.json` writes it again after checks change.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { labsDir, projectRoot } from '../paths.js';
import { isReadAction } from './read-only-policy.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: '*';
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Where an S3 API call's permission has another name (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations.html). */
const S3_PERMISSION: Record<string, string> = {
  HeadBucket: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  HeadObject: 'GetObject',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
};

export interface CheckCalls {
  lab: string;
  /** IAM actions, e.g. `cloudwatch:DescribeAlarms`. */
  reads: string[];
  writes: string[];
}

/** The SDK calls in each lab's compiled checks (with what they import from the lab's own modules). */
export async function checkCalls(dir = labsDir): Promise<CheckCalls[]> {
  const esbuild = await import('esbuild');
  const labs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'checks.ts')));
  return Promise.all(
    labs.map(async ({ name }) => {
      const built = await esbuild.build({ absWorkingDir: projectRoot, entryPoints: [join(dir, name, 'checks.ts')], bundle: true, write: false, format: 'esm', platform: 'node', packages: 'external', logLevel: 'silent' });
      const actions = [...new Set(sdkActions(built.outputFiles[0]?.text ?? ''))].sort();
      return { lab: name, reads: actions.filter((a) => isReadAction(a.split(':')[1] ?? '')), writes: actions.filter((a) => !isReadAction(a.split(':')[1] ?? '')) };
    }),
  );
}

function sdkActions(code: string): string[] {
  const imports = code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/client-([a-z0-9]+)"/g);
  return [...imports].flatMap(([, names = '', service = '']) =>
    names
      .split(',')
      .map((n) => n.trim().split(/\s+as\s+/)[0] ?? '')
      .flatMap((name) => {
        const api = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        if (!api) return [];
        return [`${service}:${service === 's3' ? (S3_PERMISSION[api] ?? api) : api}`];
      }),
  );
}

export async function graderPolicy(dir = labsDir): Promise<PolicyDocument> {
  const labs = (await checkCalls(dir)).filter((l) => l.reads.length > 0).sort((a, b) => a.lab.localeCompare(b.lab));
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Grading', Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: '*' },
      ...labs.map((l): PolicyStatement => ({ Sid: `${pascal(l.lab)}Checks`, Effect: 'Allow', Action: l.reads, Resource: '*' })),
    ],
  };
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await graderPolicy(), null, 2)}\n`);
}
