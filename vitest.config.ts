import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Two lanes: `unit` needs no cloud (`npm run test:unit`); `cloud` runs labs, the site and the app against a live
// LocalStack, which its setup brings up through the same code as `lab up`. `npm test` runs both.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    // Most of a cloud test is waiting on LocalStack, the gate or Chromium: three files at a time on a 2-core machine
    // take about two thirds of the time one at a time does (Vitest's default here would be one).
    maxWorkers: 3,
    setupFiles: ['test/support/load-services.ts'],
    hookTimeout: 600_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Tests keep their progress and locks apart from a student's own .workbook folder.
      WORKBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), 'workbook-state-')),
      // ...and anything a lab keeps per user (an MFA seed) apart from the student's own config folder.
      WORKBOOK_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'workbook-config-')),
    },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.unit.test.ts'], globalSetup: ['test/support/build-setup.ts'] } },
      {
        extends: true,
        test: { name: 'cloud', include: ['test/**/*.test.ts'], exclude: ['test/**/*.unit.test.ts'], globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
  },
});
