import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Tests keep their progress and locks apart from a student's own .workbook folder.
      WORKBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), 'workbook-state-')),
      // ... and the MFA seeds the root-and-admin lab keeps apart from the developer's own config folder.
      WORKBOOK_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'workbook-config-')),
    },
  },
});
