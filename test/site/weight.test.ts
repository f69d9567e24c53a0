// What a lesson page weighs, gzipped JS and CSS: as `npm run build` gives it (and `npm run bench` measures it), within
// the page budget; and where the lab runs from the page (`npm start`, or a build made with VITE_LAB_RUNNER=on), with
// the live controls as a chunk of their own, loaded only there, within their own budget on top.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIVE_CONTROLS_BUDGET_KB, PAGE_BUDGET_KB } from '../../site/plugin/site-config.js';
import { buildSite } from './helpers/build-site.js';

describe('the weight of a lesson page', () => {
  it('is within the 45 KB budget, the heaviest lesson included', async () => {
    expect(PAGE_BUDGET_KB).toBe(45);
    const { outDir, size } = await buildSite();
    try {
      expect(size.lazyBytes).toBe(0);
      expect(size.pageBytes).toBe(size.appBytes + size.largestLessonBytes);
      expect(size.pageBytes).toBeLessThanOrEqual(PAGE_BUDGET_KB * 1024);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('leaves out what only a search needs: the results travel with the index, loaded when the reader goes to the box', async () => {
    const { outDir } = await buildSite();
    try {
      const scripts = readdirSync(join(outDir, 'assets')).filter((name) => name.endsWith('.js') && !name.startsWith('folder-'));
      const withText = (text: string) => scripts.filter((name) => readFileSync(join(outDir, 'assets', name), 'utf8').includes(text));
      const results = withText('lessons match');
      expect(results).toHaveLength(1);
      expect(results[0]).not.toMatch(/^index-/);
      expect(withText('search-match')).toEqual(results);
      expect(withText('hit-snippet')).toEqual(results);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('keeps in the app only what every live page runs: asking the runner and following its events', async () => {
    const staticBuild = await buildSite();
    const liveBuild = await buildSite({ askRunner: true });
    try {
      expect(liveBuild.size.appBytes - staticBuild.size.appBytes).toBeGreaterThan(0);
      expect(liveBuild.size.appBytes - staticBuild.size.appBytes).toBeLessThanOrEqual(768);
    } finally {
      rmSync(staticBuild.outDir, { recursive: true, force: true });
      rmSync(liveBuild.outDir, { recursive: true, force: true });
    }
  });

  it('adds the live lab controls, as a chunk of their own, within their budget', async () => {
    const { outDir, size } = await buildSite({ askRunner: true });
    try {
      expect(size.lazyBytes).toBeGreaterThan(2 * 1024);
      expect(size.pageBytes).toBe(size.appBytes + size.largestLessonBytes + size.lazyBytes);
      expect(size.lazyBytes).toBeLessThanOrEqual(LIVE_CONTROLS_BUDGET_KB * 1024);
      expect(size.pageBytes).toBeLessThanOrEqual((PAGE_BUDGET_KB + LIVE_CONTROLS_BUDGET_KB) * 1024);
      expect(size.budgetBytes).toBe((PAGE_BUDGET_KB + LIVE_CONTROLS_BUDGET_KB) * 1024);
      const entry = readdirSync(join(outDir, 'assets')).find((name) => /^index-.*\.js$/.test(name)) ?? '';
      expect(readFileSync(join(outDir, 'assets', entry), 'utf8')).toContain('/api/status');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
