// A lesson page with its live lab panel, as the tests drive it: open it, press its buttons, wait until nothing runs,
// and read what it shows.
import type { BrowserContext, Page } from 'playwright-core';
import { type PageWatch, watchPage } from './watch-page.js';

/** Opens `#/<path>` and waits until the live panel is ready and idle. */
export async function openLive(context: BrowserContext, base: string, path: string): Promise<{ page: Page; watch: PageWatch }> {
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(`${base}#/${path}`);
  await button(page, 'Run solution').waitFor({ timeout: 60_000 });
  await idle(page);
  return { page, watch };
}

/** One of the panel's own buttons (not those of the labs it builds on). */
export const button = (page: Page, name: string) => page.locator('.live-lab .buttons').getByRole('button', { name, exact: true });

/** Nothing runs on the lab (from this page or another), and the picture is drawn from the last inventory asked for. */
export async function idle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('.live-lab')?.getAttribute('aria-busy') !== 'true' &&
      document.querySelectorAll('.live-lab button:disabled').length === 0 &&
      document.querySelector('.built-picture')?.getAttribute('aria-busy') !== 'true',
    undefined,
    { timeout },
  );
}

/** Presses a button and waits until its action has ended. */
export async function press(page: Page, name: string): Promise<void> {
  await button(page, name).click();
  await page
    .waitForFunction(() => document.querySelector('.live-lab')?.getAttribute('aria-busy') === 'true' || document.querySelector('.live-lab button:disabled') !== null, undefined, { timeout: 10_000 })
    .catch(() => {});
  await idle(page);
}

export const status = async (page: Page) => (await page.locator('.live-lab [role="status"]').textContent())?.trim() ?? '';

/** The panel's line that says where the lab stands, as the runner keeps it. */
export const progressLine = async (page: Page) => (await page.locator('.live-lab .progress').textContent())?.replace(/\s+/g, ' ').trim() ?? '';

/** The sidebar's entry of a lesson: its text, the hidden words included. */
export const sidebarEntry = async (page: Page, slug: string) => (await page.locator(`nav.lesson-nav a[href="#/${slug}"]`).textContent()) ?? '';

/** Each piece of the picture: whether it is drawn as built. */
export async function pieces(page: Page): Promise<Record<string, boolean>> {
  const all = await page.locator('.built-picture [data-piece]').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-piece') ?? '', n.getAttribute('data-built') === 'true']));
  return Object.fromEntries(all);
}

/** What `lab billing-alerts on` does: the account publishes its billing metric, as once switched on in AWS. */
export { billingAlertsOn } from '../../support/billing-alerts.js';
