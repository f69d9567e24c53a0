// Types for build-runner.js, a plain script so it runs before anything is built.
export function buildRunner(options?: { quiet?: boolean }): Promise<void>;
export function ensureRunnerBuilt(): Promise<void>;
