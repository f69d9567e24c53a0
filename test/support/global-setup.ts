// Builds the runner (processes the tests start run dist/runner/) and brings LocalStack up for the suite through the
// same code as `lab up`, stopping it after if it started it.
import { down, up } from '../../lab-runner/localstack/local-cloud.js';

export default async function setup(): Promise<() => Promise<void>> {
  const { ensureRunnerBuilt } = await import('../../bin/build-runner.js');
  await ensureRunnerBuilt();
  const result = await up({
    note: (message) => console.log(`[lab up] ${message}`),
    update: (message) => console.log(`[lab up] ${message}`),
  });
  console.log(`[lab up] LocalStack ${result.version} at ${result.endpoint}: ${result.way} in ${result.ms} ms`);
  return async () => {
    if (result.started) console.log(`[lab down] ${(await down()).message}`);
  };
}
