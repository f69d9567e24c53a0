// The unit lane's setup: only the built runner (processes a test starts run dist/runner/), no cloud.
export default async function setup(): Promise<void> {
  const { ensureRunnerBuilt } = await import('../../bin/build-runner.js');
  await ensureRunnerBuilt();
}
