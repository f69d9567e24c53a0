// The app bundle the lab uploads is built once and kept while nothing it is made from changes: a rerun of the lab
// does not pay for the build again, and a changed source is never uploaded stale.
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_PATH } from '../../../directory-app/build.js';
import { projectRoot } from '../../../lab-runner/paths.js';
import { appBundle } from '../../../labs/directory-app/bundle.js';

describe('the app bundle of the directory-app lab', () => {
  it('is built again only when a file it is made from is newer', async () => {
    const first = await appBundle();
    const builtAt = statSync(BUNDLE_PATH).mtimeMs;
    const again = await appBundle();
    expect(statSync(BUNDLE_PATH).mtimeMs).toBe(builtAt);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);

    // A source saved after the build, even with the same content.
    const source = join(projectRoot, 'directory-app', 'src', 'main.ts');
    const later = new Date(builtAt + 2000);
    utimesSync(source, later, later);
    await appBundle();
    expect(statSync(BUNDLE_PATH).mtimeMs).toBeGreaterThan(builtAt);
  });
});
