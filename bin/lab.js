#!/usr/bin/env node
// The `lab` command: the built runner (dist/runner/cli.js), rebuilt first if its sources changed.
import { ensureRunnerBuilt } from './build-runner.js';

// The pinned SDK supports Node 20; its notice about future releases is noise in every lab run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A closed pipe (`lab status | head -3`) is the reader's choice, not an error to report.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
await ensureRunnerBuilt();
const { main } = await import('../dist/runner/cli.js');
process.exitCode = await main();
