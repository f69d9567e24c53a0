// What a lesson page weighs where the lab runs from the page (`npm start`, or a build made with VITE_LAB_RUNNER=on):
// the live controls are a chunk of their own, loaded only there, and the page still stays under its budget.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from './helpers/build-site.js';

describe('the page with the live lab controls', () => {
  it('stays under 70 KB of gzipped JS and CSS, the live controls included', async () => {
    const { outDir, size } = await buildSite({ askRunner: true });
    try {
      expect(size.lazyBytes).toBeGreaterThan(2 * 1024);
      expect(size.pageBytes).toBe(size.appBytes + size.largestLessonBytes + size.lazyBytes);
      expect(size.pageBytes).toBeLessThan(70 * 1024);
      const entry = readdirSync(join(outDir, 'assets')).find((name) => /^index-.*\.js$/.test(name)) ?? '';
      expect(readFileSync(join(outDir, 'assets', entry), 'utf8')).toContain('/api/status');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
