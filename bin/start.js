#!/usr/bin/env node
// `npm start`: brings up LocalStack and serves the site with its runner API.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { start } = await import('../lab-runner/start.ts');
const { reportError } = await import('../lab-runner/cli.ts');
try {
  await start();
} catch (error) {
  process.exitCode = reportError(error);
}
