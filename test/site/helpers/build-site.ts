// Builds the site into a temporary folder, as `npm run build` would, and returns where and how heavy.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { SizeReport } from '../../../site/plugin/gzip-report.js';
import { siteConfig } from '../../../site/plugin/site-config.js';

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The lab ids of the design: the lessons name them while other engineers are still writing some labs. */
export const LAB_IDS = ['connect', 'billing-alarm', 'root-and-admin', 'sign-request', 'iam-policies', 'ec2-role', 'vpc', 'directory-app'];

export interface BuildOptions {
  /** Build as `VITE_LAB_RUNNER=on npm run build` would: the live lab controls included. */
  askRunner?: boolean;
  /** Other lessons and another lab catalogue than the project's, with the lab ids they know. */
  lessonsDir?: string;
  labsDir?: string;
  knownLabs?: readonly string[];
}

export async function buildSite(options: BuildOptions = {}): Promise<{ outDir: string; size: SizeReport }> {
  const outDir = mkdtempSync(join(tmpdir(), 'workbook-site-'));
  let size: SizeReport | undefined;
  // Vitest sets NODE_ENV=test, and Vite would then make a development build (Vue's dev runtime, DEV code paths).
  const nodeEnv = process.env.NODE_ENV;
  const askRunner = process.env.VITE_LAB_RUNNER;
  process.env.NODE_ENV = 'production';
  if (options.askRunner) process.env.VITE_LAB_RUNNER = 'on';
  try {
    await build({
      configFile: false,
      ...siteConfig({
        projectRoot,
        outDir,
        knownLabs: options.knownLabs ?? LAB_IDS,
        lessonsDir: options.lessonsDir,
        labsDir: options.labsDir,
        logLevel: 'warn',
        onSizeReport: (report) => (size = report),
      }),
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
    if (askRunner === undefined) delete process.env.VITE_LAB_RUNNER;
    else process.env.VITE_LAB_RUNNER = askRunner;
  }
  if (!size) throw new Error('the build reported no size');
  return { outDir, size };
}
