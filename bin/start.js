#!/usr/bin/env node
// `npm start`: brings up the local cloud and serves the site with its runner API (dist/runner/start.js).
import { ensureRunnerBuilt } from './build-runner.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await ensureRunnerBuilt();
const { main } = await import('../dist/runner/start.js');
process.exitCode = await main();
