#!/usr/bin/env node
// The `lab` command. Labs are TypeScript a student edits, so they are loaded through tsx, compiled on the fly.
import { register } from 'tsx/esm/api';

// The pinned SDK supports Node 20; its notice about future releases is noise in every lab run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
// A closed pipe (`lab status | head -3`) is the reader's choice, not an error to report.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../lab-runner/cli.ts');
process.exitCode = await main();
