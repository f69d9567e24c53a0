#!/usr/bin/env node
// The `lab` command. Labs are TypeScript a student edits, so they are loaded through tsx, compiled on the fly.
import { register } from 'tsx/esm/api';

// The pinned SDK supports Node 20; its notice about future releases is noise in every lab run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../lab-runner/cli.ts');
process.exitCode = await main();
