#!/usr/bin/env node
// `npm run bench`: see bench/run.ts.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../bench/run.ts');
