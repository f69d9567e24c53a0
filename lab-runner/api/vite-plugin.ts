// Mounts the runner API on Vite's dev server (`npm start`); a static build has no API and shows commands instead.
import type { Plugin } from 'vite';
import type { TargetOptions } from '../target.js';
import { runnerApi } from './handler.js';

/** `env` supplies the target's credentials and endpoint (tests pass a LocalStack account of their own). */
export function runnerApiPlugin(target: TargetOptions = {}, env: NodeJS.ProcessEnv = process.env): Plugin {
  return {
    name: 'cloud-workbook-runner-api',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use(runnerApi(target, env));
    },
  };
}
