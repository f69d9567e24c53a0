// Builds the runner (processes the tests start run dist/runner/) and brings the local cloud up for the suite through
// the same code as `lab up`, with every behaviour of the gate on (IAM, validation, offerings, billing, eventual
// consistency, throttling), so the labs and their checks are proven against a cloud as strict as AWS. Stops it after
// if it started it, or gives a gate it found running its behaviours back. Refuses to run on a LocalStack with no gate
// in front: nothing would be proven strict there. Says once, in one line, when there is no browser for the browser tests.
import { describeBehaviours } from '../../lab-runner/gate/behaviours.js';
import { configureGate, gateStatus } from '../../lab-runner/gate/client.js';
import { localstackEndpoint } from '../../lab-runner/localstack/endpoint.js';
import { down, up } from '../../lab-runner/localstack/local-cloud.js';
import { findBrowser } from '../site/helpers/find-browser.js';
import { missingStrictness } from './strict-cloud.js';

export default async function setup(): Promise<() => Promise<void>> {
  const { ensureRunnerBuilt } = await import('../../bin/build-runner.js');
  await ensureRunnerBuilt();
  const browser = findBrowser();
  if (!browser.found) console.log(`[browser] ${browser.reason} ${process.env.CI ? 'CI is set, so the browser tests fail.' : 'The browser tests are skipped.'}`);
  const found = await gateStatus(localstackEndpoint());
  const result = await up(
    {
      note: (message) => console.log(`[lab up] ${message}`),
      update: (message) => console.log(`[lab up] ${message}`),
    },
    undefined,
    { strict: 'all' },
  );
  const missing = missingStrictness(result);
  if (missing) throw new Error(missing);
  console.log(`[lab up] LocalStack ${result.version} at ${result.endpoint}: ${result.way} in ${result.ms} ms; gate: ${result.gate ? describeBehaviours(result.gate.behaviours) : 'none'}`);
  return async () => {
    if (result.started) console.log(`[lab down] ${(await down()).message}`);
    else if (found) await configureGate(result.endpoint, found.behaviours);
  };
}
