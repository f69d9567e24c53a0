// The picture follows the run: each piece appears as the step that makes it runs, from the run's own events, not once
// the run is over; and the connect lab, which builds nothing, shows what its calls found instead of other labs'
// pieces, on both its lessons and after a reload. A LocalStack account of this file's own, behind the fault proxy, which
// holds the run's last call a moment so that the run is surely still going when the pieces before it are drawn.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { describeInBrowser } from './helpers/browser.js';
import { button, idle, openLive, press } from './helpers/live-page.js';
import { liveSite } from './helpers/live-site.js';
import { lessonWith, LESSON_FILES } from './helpers/lesson-files.js';

const ACCOUNT = '000000006105';
const VPC_PIECES = ['vpc', 'public-a', 'public-b', 'private-a', 'private-b', 'igw', 'route-table', 'web-sg'];
const vpcLesson = lessonWith('the vpc lab', (l) => l.lab === 'vpc');
const connectLessons = LESSON_FILES.filter((l) => l.lab === 'connect');

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy();
});
afterAll(() => proxy?.stop());
const site = liveSite(ACCOUNT, { target: () => ({ endpoint: proxy.url }), reset: ['vpc', 'connect'] });

interface Seen {
  piece: string;
  /** Whether the run had already ended when the piece was drawn. */
  runOver: boolean;
  caption: string;
}

describeInBrowser('the picture during a run', () => {
  it('draws each piece as its step makes it, while the run goes on, and says "updating…" only while it reads the cloud', async () => {
    const { page, watch } = await openLive(site.context, site.url, vpcLesson.slug);
    await page.evaluate(() => {
      const seen: Seen[] = [];
      Object.assign(window, { seen });
      new MutationObserver((changes) => {
        for (const change of changes) {
          const piece = change.target as HTMLElement;
          if (piece.getAttribute('data-built') !== 'true') continue;
          seen.push({
            piece: piece.getAttribute('data-piece') ?? '',
            runOver: document.querySelector('.run-log .note-done') !== null,
            caption: document.querySelector('.built-picture .state')?.textContent?.trim() ?? '',
          });
        }
      }).observe(document.querySelector('.built-picture') as Node, { subtree: true, attributes: true, attributeFilter: ['data-built'] });
    });
    // The last step lists the VPC's subnets (DescribeSubnets filtered by vpc-id): held 2 s.
    proxy.delay('Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id', 1, 2000);
    await press(page, 'Run solution');
    await page.locator('.run-log .note-done').waitFor();
    const look = page.locator('.run-log ol > li').last();
    await expect(look.locator('.ms').textContent()).resolves.toMatch(/^\d\.\d s$/);
    const seen = await page.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
    for (const piece of VPC_PIECES) {
      const first = seen.find((s) => s.piece === piece);
      expect(first, `${piece} drawn`).toBeDefined();
      expect(first?.runOver, `${piece} drawn before the run ended`).toBe(false);
      expect(first?.caption, piece).not.toBe('updating…');
    }
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});

describeInBrowser('the connect lab', () => {
  it('shows what its calls found (account, region, zones) instead of other labs\' pieces, on both its lessons and after a reload', async () => {
    expect(connectLessons.length).toBe(2);
    const [first, second] = connectLessons;
    const { page, watch } = await openLive(site.context, site.url, first?.slug ?? '');
    await expect(page.locator('.live-lab .built-picture').count()).resolves.toBe(0);
    const result = page.locator('.live-lab .lab-result');
    await expect(result.textContent()).resolves.toContain('Nothing yet');

    await press(page, 'Run solution');
    const found = async () =>
      Object.fromEntries(await result.locator('dt').evaluateAll((terms) => terms.map((dt) => [dt.textContent?.trim() ?? '', dt.nextElementSibling?.textContent?.trim() ?? ''])));
    const expected = { account: ACCOUNT, region: 'us-east-1', zones: expect.stringMatching(/^us-east-1a \(use1-az\d+\), us-east-1b/) };
    await expect(found()).resolves.toMatchObject(expected);

    await page.reload();
    await button(page, 'Run lab').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(found()).resolves.toMatchObject(expected);
    await page.goto(`${site.url}#/${second?.slug ?? ''}`);
    await button(page, 'Run lab').waitFor({ timeout: 60_000 });
    await idle(page);
    await expect(page.locator('.live-lab .built-picture').count()).resolves.toBe(0);
    await expect(found()).resolves.toMatchObject(expected);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
