#!/usr/bin/env node
// `npm run bench`: see bench/run.ts (a development tool, so it is run from source through tsx).
import { register } from 'tsx/esm/api';
import { ensureRunnerBuilt } from './build-runner.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await ensureRunnerBuilt();
register();
const { main } = await import('../bench/run.ts');
await main();
