// Bundles the app and everything it imports (the AWS SDK included) into one file that
// a plain `node` on the instance runs with nothing else installed.
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { realpathSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = dirname(fileURLToPath(import.meta.url));
export const BUNDLE_PATH = join(appDir, 'dist', 'directory-app.mjs');

// Some bundled CommonJS code calls require() for Node built-ins; an ES module has none. The text `import.meta.url` is
// put together here, so that a compiler step which rewrites it in source files (the lab runner's) leaves this string be.
const REQUIRE_SHIM = `import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(${'import.meta'}.url);`;

export async function buildDirectoryApp(): Promise<string> {
  // Written aside and renamed into place, so that a build running at the same time (a lab run, a test) never reads
  // a half-written bundle.
  const partial = `${BUNDLE_PATH}.${randomBytes(4).toString('hex')}.partial`;
  await build({
    entryPoints: [join(appDir, 'src', 'main.ts')],
    outfile: partial,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: REQUIRE_SHIM },
    legalComments: 'none',
    logLevel: 'warning',
  });
  renameSync(partial, BUNDLE_PATH);
  return BUNDLE_PATH;
}

function isRunDirectly(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
}

if (isRunDirectly()) {
  buildDirectoryApp().then(
    (path) => console.log(`built ${path}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
