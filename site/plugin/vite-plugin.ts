// The lessons plugin: renders site/lessons/*.md at build time (or on request in dev) and serves the result
// to the app as virtual modules. Lab metadata comes from the lab catalogue (labs/<id>/lab.json).
import { join, resolve } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import type { Lesson } from '../shared/types.js';
import { createHighlight } from './highlight.js';
import { labCatalogue } from './labs.js';
import { renderLessons } from './lessons.js';
import { createMarkdown } from './markdown.js';
import { CODE_COLOURS_ID, LESSON_PREFIX, LESSONS_ID, lessonModule, lessonsModule, SEARCH_ID, searchModule } from './modules.js';

export interface LessonsPluginOptions {
  /** The project root: labs/ and error messages are relative to it. */
  root: string;
  lessonsDir?: string;
  labsDir?: string;
  solutionsDir?: string;
  publicDir?: string;
  /** Lab ids to accept; by default the catalogue's, read at build time. Tests inject their own. */
  knownLabs?: readonly string[];
}

/** Every lesson, and the CSS of the code colours they use (the two come from one render). */
interface Rendered {
  lessons: Lesson[];
  codeColours: string;
}

export function lessonsPlugin(options: LessonsPluginOptions): Plugin {
  const root = resolve(options.root);
  const lessonsDir = options.lessonsDir ?? join(root, 'site', 'lessons');
  const labsDir = options.labsDir ?? join(root, 'labs');
  const solutionsDir = options.solutionsDir ?? join(labsDir, '..', 'solutions');
  const publicDir = options.publicDir ?? join(root, 'site', 'public');
  let rendered: Promise<Rendered> | undefined;

  async function render(): Promise<Rendered> {
    const highlight = await createHighlight();
    const md = createMarkdown(highlight);
    const catalogue = labCatalogue(labsDir, solutionsDir);
    const knownLabs = options.knownLabs ?? catalogue.ids;
    const all = await renderLessons(md, lessonsDir, { root, publicDir, knownLabs, loadLab: catalogue.load, labWords: catalogue.words });
    return { lessons: all, codeColours: highlight.colours() };
  }

  function lessons(): Promise<Rendered> {
    rendered ??= render().catch((error: unknown) => {
      rendered = undefined; // the next request tries again, after the author fixed the file
      throw error;
    });
    return rendered;
  }

  return {
    name: 'cloud-workbook:lessons',
    enforce: 'pre',

    configureServer(devServer: ViteDevServer) {
      devServer.watcher.add([lessonsDir, labsDir]);
      devServer.watcher.on('all', (_event, file) => {
        // A student editing labs/<id>/lab.ts must not reload the lesson they are reading: only the catalogue counts.
        if (!file.startsWith(lessonsDir) && !(file.startsWith(labsDir) && file.endsWith('lab.json'))) return;
        rendered = undefined;
        for (const mod of devServer.environments.ssr.moduleGraph.getModulesByFile(file) ?? []) {
          devServer.environments.ssr.moduleGraph.invalidateModule(mod);
        }
        const client = devServer.environments.client;
        for (const id of client.moduleGraph.idToModuleMap.keys()) {
          const mod = client.moduleGraph.getModuleById(id);
          if (mod && isVirtual(id.slice(1))) client.moduleGraph.invalidateModule(mod);
        }
        client.hot.send({ type: 'full-reload' });
      });
    },

    buildStart() {
      rendered = undefined;
    },

    resolveId(id) {
      return isVirtual(id) ? `\0${id}` : undefined;
    },

    async load(id) {
      if (!id.startsWith('\0') || !isVirtual(id.slice(1))) return undefined;
      const name = id.slice(1);
      const { lessons: all, codeColours } = await lessons();
      if (name === CODE_COLOURS_ID) return codeColours;
      if (name === LESSONS_ID) return lessonsModule(all);
      if (name === SEARCH_ID) return searchModule(all);
      const code = lessonModule(all, name.slice(LESSON_PREFIX.length));
      if (code === undefined) throw new Error(`no lesson ${name.slice(LESSON_PREFIX.length)}`);
      return code;
    },
  };
}

function isVirtual(id: string): boolean {
  return id === LESSONS_ID || id === SEARCH_ID || id === CODE_COLOURS_ID || id.startsWith(LESSON_PREFIX);
}
