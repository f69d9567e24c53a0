// The site's Vite configuration, shared by vite.config.ts and the tests (which build into a temporary folder).
import { join } from 'node:path';
import vue from '@vitejs/plugin-vue';
import type { UserConfig } from 'vite';
import { folderBuildPlugin } from './folder-build.js';
import { gzipReportPlugin, type SizeReport } from './gzip-report.js';
import { lessonsPlugin } from './vite-plugin.js';

export interface SiteConfigOptions {
  projectRoot: string;
  outDir?: string;
  /** The lessons and the lab catalogue to build; by default site/lessons and labs/ (tests build their own). */
  lessonsDir?: string;
  labsDir?: string;
  knownLabs?: readonly string[];
  onSizeReport?: (report: SizeReport) => void;
  logLevel?: UserConfig['logLevel'];
}

/** What a lesson page may load, JS and CSS gzipped: the app and the heaviest lesson (`npm run build`, `npm run bench`). */
export const PAGE_BUDGET_KB = 45;

/** What the live lab controls may add to it where the page runs labs (`npm start`, or VITE_LAB_RUNNER=on). */
export const LIVE_CONTROLS_BUDGET_KB = 10;

export function siteConfig(options: SiteConfigOptions): UserConfig {
  const siteDir = join(options.projectRoot, 'site');
  return {
    root: siteDir,
    // Relative asset URLs and hash routes: the build opens from any static host and folder.
    base: './',
    publicDir: join(siteDir, 'public'),
    logLevel: options.logLevel,
    plugins: [
      vue(),
      lessonsPlugin({ root: options.projectRoot, knownLabs: options.knownLabs, lessonsDir: options.lessonsDir, labsDir: options.labsDir }),
      gzipReportPlugin({ budgetKb: PAGE_BUDGET_KB, liveBudgetKb: LIVE_CONTROLS_BUDGET_KB, onReport: options.onSizeReport }),
      folderBuildPlugin(),
    ],
    build: {
      outDir: options.outDir ?? join(options.projectRoot, 'dist', 'site'),
      emptyOutDir: true,
      target: 'es2022',
      modulePreload: false,
      // light-dark() (the theme toggle) must reach the browser as written, not be lowered to a media query.
      cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
      // The lessons plugin renders and highlights every lesson during the build: slow by design, not a problem.
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
    // The app uses the Composition API only; dropping the Options API keeps a lesson page lighter.
    define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    server: {
      host: '127.0.0.1',
      // No other origin may read what the dev server serves, and it serves only the site and its packages: never
      // .workbook/ (progress, compiled labs), the labs' code, or anything else in the clone.
      cors: false,
      fs: {
        strict: true,
        allow: [siteDir, join(options.projectRoot, 'node_modules')],
        deny: ['.env', '.env.*', '*.{crt,pem,key}', '**/.git/**', '**/.workbook/**'],
      },
    },
    preview: { host: '127.0.0.1' },
  };
}
