// The site as `npm start` serves it, for a test file's own account, and a browser to drive it: started before the
// file's tests (where there is a browser), stopped after them, with the labs named in `reset` taken down first.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { TargetOptions } from '../../../lab-runner/target.js';
import type { RunningSite } from '../../../site/plugin/serve.js';
import { browserTestsRun, launchBrowser, type Browser } from './browser.js';
import { ownPost, startDevSite } from './dev-site.js';

export interface LiveSite {
  readonly url: string;
  readonly context: BrowserContext;
}

export interface LiveSiteOptions {
  /** The target `npm start` is given; a function, for what is known only once started (a proxy's address). */
  target?: () => TargetOptions;
  env?: NodeJS.ProcessEnv;
  reset?: string[];
}

export function liveSite(account: string, options: LiveSiteOptions = {}): LiveSite {
  let site: RunningSite | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!browserTestsRun) return;
    site = await startDevSite(account, options.target?.() ?? {}, options.env);
    browser = await launchBrowser();
    for (const lab of options.reset ?? []) expect((await ownPost(site.url, `/api/labs/${lab}/reset`)).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    get url() {
      if (!site) throw new Error('the site is not started');
      return site.url;
    },
    get context() {
      if (!browser) throw new Error('the browser is not started');
      return browser.context;
    },
  };
}
