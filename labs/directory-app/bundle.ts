// The app as the lab uploads it: one JavaScript file, built from directory-app/ (the AWS SDK included). The build is
// kept while no file it is made from changed, so a rerun of the lab does not pay for it again.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_PATH, buildDirectoryApp } from '../../directory-app/build.js';
import { projectRoot } from '../../lab-runner/paths.js';
import { shortPath } from './local-boot.js';

export interface Bundle {
  bytes: Uint8Array;
  /** Where it was built, as the student sees it. */
  path: string;
}

/** What the bundle is made from: the app's sources, its build script, and the packages it bundles. */
const INPUTS = ['directory-app/src', 'directory-app/build.ts', 'package-lock.json'];

export async function appBundle(): Promise<Bundle> {
  const file = isCurrent() ? BUNDLE_PATH : await buildDirectoryApp();
  return { bytes: readFileSync(file), path: shortPath(file) };
}

function isCurrent(): boolean {
  if (!existsSync(BUNDLE_PATH)) return false;
  const built = statSync(BUNDLE_PATH).mtimeMs;
  return INPUTS.every((input) => newest(join(projectRoot, input)) < built);
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}
