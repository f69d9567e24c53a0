// After a build, say how much a lesson page costs to load: the app's entry JS and CSS with what they import,
// plus the heaviest lesson body, plus what the app loads later on every lesson page (the live lab controls, in a
// build that asks the runner), gzipped. The search is counted apart: its results and index load only when the reader
// goes to the search box.
import { gzipSync } from 'node:zlib';
import type { Logger, Plugin, Rolldown } from 'vite';
import { LESSON_PREFIX, SEARCH_ID } from './modules.js';

export interface SizeReport {
  /** Entry JS + CSS and their static imports. */
  appBytes: number;
  /** The heaviest lesson chunk, with what it adds. */
  largestLessonBytes: number;
  largestLesson: string;
  /** Other chunks the app loads on demand, e.g. the live lab controls; 0 in a static build, which has none. */
  lazyBytes: number;
  /** What opening that lesson loads in total: app + lesson + lazy chunks. */
  pageBytes: number;
  searchBytes: number;
  /** The page budget, plus the live controls' own where the build has them. */
  budgetBytes: number;
}

export interface GzipReportOptions {
  /** What a lesson page may weigh: the app and the heaviest lesson. */
  budgetKb: number;
  /** What the live lab controls may add, in a build that has them. */
  liveBudgetKb: number;
  onReport?: (report: SizeReport) => void;
}

type Bundle = Rolldown.OutputBundle;

export function gzipReportPlugin(options: GzipReportOptions): Plugin {
  let logger: Logger | undefined;
  let report: SizeReport | undefined;
  return {
    name: 'cloud-workbook:gzip-report',
    apply: 'build',
    configResolved(config) {
      logger = config.logger;
    },
    generateBundle(_output, bundle) {
      report = measure(bundle, options.budgetKb * 1024, options.liveBudgetKb * 1024);
      options.onReport?.(report);
    },
    closeBundle() {
      if (!report) return;
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const line =
        `lesson page JS+CSS, gzipped: ${kb(report.pageBytes)} of ${kb(report.budgetBytes)} budget ` +
        `(app ${kb(report.appBytes)} + heaviest lesson ${report.largestLesson} ${kb(report.largestLessonBytes)}` +
        `${report.lazyBytes > 0 ? ` + live lab controls ${kb(report.lazyBytes)}` : ''}); ` +
        `search (its results and index), loaded when the reader goes to the search box: ${kb(report.searchBytes)}`;
      if (report.pageBytes > report.budgetBytes) logger?.warn(`\n⚠ ${line}`);
      else logger?.info(`\n✓ ${line}`);
    },
  };
}

export function measure(bundle: Bundle, pageBudgetBytes: number, liveBudgetBytes: number): SizeReport {
  const chunks = Object.values(bundle).filter((file): file is Rolldown.OutputChunk => file.type === 'chunk');
  const entry = chunks.find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('gzip report: the build has no entry chunk');

  const counted = new Set<string>();
  const appBytes = weigh(bundle, entry.fileName, counted);
  let largestLessonBytes = 0;
  let largestLesson = '';
  let searchBytes = 0;
  const lazy: string[] = [];
  for (const chunk of chunks) {
    const module = chunk.facadeModuleId?.replace(/^\0/, '') ?? '';
    if (module.startsWith(LESSON_PREFIX)) {
      const bytes = weigh(bundle, chunk.fileName, new Set(counted));
      if (bytes > largestLessonBytes) [largestLessonBytes, largestLesson] = [bytes, module.slice(LESSON_PREFIX.length)];
    } else if (chunk.moduleIds.some((id) => id.replace(/^\0/, '') === SEARCH_ID)) {
      // The index, with the code that searches it and shows the results: loaded when the reader goes to the box.
      searchBytes = weigh(bundle, chunk.fileName, new Set(counted));
    } else if (chunk.isDynamicEntry) {
      lazy.push(chunk.fileName);
    }
  }
  const lazyCounted = new Set(counted);
  const lazyBytes = lazy.reduce((sum, fileName) => sum + weigh(bundle, fileName, lazyCounted), 0);
  const budgetBytes = pageBudgetBytes + (lazyBytes > 0 ? liveBudgetBytes : 0);
  return { appBytes, largestLessonBytes, largestLesson, lazyBytes, pageBytes: appBytes + largestLessonBytes + lazyBytes, searchBytes, budgetBytes };
}

/** Gzipped bytes of a chunk, its CSS and its static imports, skipping files already counted. */
function weigh(bundle: Bundle, fileName: string, counted: Set<string>): number {
  if (counted.has(fileName)) return 0;
  counted.add(fileName);
  const file = bundle[fileName];
  if (!file) return 0;
  if (file.type === 'asset') return gzipSync(file.source, { level: 9 }).length;
  let bytes = gzipSync(file.code, { level: 9 }).length;
  for (const css of file.viteMetadata?.importedCss ?? []) bytes += weigh(bundle, css, counted);
  for (const imported of file.imports) bytes += weigh(bundle, imported, counted);
  return bytes;
}
