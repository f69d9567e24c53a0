// Builds the runner (processes the tests start run dist/runner/) and brings LocalStack up for the suite through the
// same code as `lab up`, stopping it after if it started it. Says once, in one line, when there is no browser for the
// browser tests.
import { down, up } from '../../lab-runner/localstack/local-cloud.js';
import { findBrowser } from '../site/helpers/find-browser.js';

export default async function setup(): Promise<() => Promise<void>> {
  const { ensureRunnerBuilt } = await import('../../bin/build-runner.js');
  await ensureRunnerBuilt();
  const browser = findBrowser();
  if (!browser.found) console.log(`[browser] ${browser.reason} ${process.env.CI ? 'CI is set, so the browser tests fail.' : 'The browser tests are skipped.'}`);
  const result = await up({
    note: (message) => console.log(`[lab up] ${message}`),
    update: (message) => console.log(`[lab up] ${message}`),
  });
  console.log(`[lab up] LocalStack ${result.version} at ${result.endpoint}: ${result.way} in ${result.ms} ms`);
  return async () => {
    if (result.started) console.log(`[lab down] ${(await down()).message}`);
  };
}
