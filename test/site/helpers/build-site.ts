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
export const LAB_IDS = ['connect', 'billing-alarm', 'root-and-admin', 'sign-request', 'ec2-role', 'vpc', 'directory-app'];

export async function buildSite(): Promise<{ outDir: string; size: SizeReport }> {
  const outDir = mkdtempSync(join(tmpdir(), 'workbook-site-'));
  let size: SizeReport | undefined;
  // Vitest sets NODE_ENV=test, and Vite would then make a development build (Vue's dev runtime, DEV code paths).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      ...siteConfig({ projectRoot, outDir, knownLabs: LAB_IDS, logLevel: 'warn', onSizeReport: (report) => (size = report) }),
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  if (!size) throw new Error('the build reported no size');
  return { outDir, size };
}
