// The build opens from a folder too. Browsers refuse module scripts over file://, so beside the module build (lessons
// loaded on demand, for a web server) the build writes one classic script holding the app with every lesson and the
// search index, bundled by esbuild from the module build itself. A small loader in index.html picks the classic
// script over file:// and the module build everywhere else; if neither can run, the page says what to do.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { build, type Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin, Rolldown } from 'vite';

const IN_BUNDLE = 'module-build';

/** esbuild reads the module build's files from memory, resolving their relative imports against each other. */
function fromBundle(bundle: Rolldown.OutputBundle): EsbuildPlugin {
  return {
    name: 'module-build',
    setup(esbuild) {
      esbuild.onResolve({ filter: /.*/ }, ({ path, importer }) => ({
        path: importer ? posix.join(posix.dirname(importer), path) : path,
        namespace: IN_BUNDLE,
      }));
      esbuild.onLoad({ filter: /.*/, namespace: IN_BUNDLE }, ({ path }) => {
        const file = bundle[path];
        if (file?.type !== 'chunk') throw new Error(`folder build: ${path} is not a chunk of the module build`);
        return { contents: file.code, loader: 'js' };
      });
    },
  };
}

async function classicScript(bundle: Rolldown.OutputBundle, entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: 'es2022',
    // The preload helper resolves CSS next to the script; a classic script finds itself through currentScript.
    banner: { js: 'var __folderScriptUrl=document.currentScript.src;' },
    define: { 'import.meta.url': '__folderScriptUrl', 'import.meta.resolve': 'undefined' },
    logLevel: 'silent',
    plugins: [fromBundle(bundle)],
  });
  const [script] = result.outputFiles;
  if (!script) throw new Error(`folder build: esbuild wrote no script for ${entry}`);
  return script.text;
}

/** The loader that replaces the module script tag. */
function loader(moduleSrc: string, classicSrc: string): string {
  return `<script>
      (function () {
        var script = document.createElement('script');
        if (location.protocol === 'file:') script.src = ${JSON.stringify(classicSrc)};
        else (script.type = 'module'), (script.src = ${JSON.stringify(moduleSrc)});
        script.onerror = function () { document.documentElement.className += ' app-failed'; };
        document.body.appendChild(script);
      })();
    </script>`;
}

export function folderBuildPlugin(): Plugin {
  return {
    name: 'cloud-workbook:folder-build',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const html = bundle['index.html'];
        const entry = Object.values(bundle).find((file): file is Rolldown.OutputChunk => file.type === 'chunk' && file.isEntry);
        if (html?.type !== 'asset' || !entry) return;
        const code = await classicScript(bundle, entry.fileName);
        const fileName = `assets/folder-${createHash('sha256').update(code).digest('hex').slice(0, 8)}.js`;
        this.emitFile({ type: 'asset', fileName, source: code });
        const moduleTag = new RegExp(`\\s*<script type="module" crossorigin src="\\./${entry.fileName}"></script>`);
        const page = String(html.source);
        if (!moduleTag.test(page)) throw new Error(`folder build: index.html has no module script for ${entry.fileName}`);
        html.source = page
          .replace(moduleTag, '')
          // Module preloads and CORS-mode stylesheets fail over file://; over HTTP the entry finds its imports anyway.
          .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
          .replace(/(<link rel="stylesheet") crossorigin/g, '$1')
          .replace('</body>', `  ${loader(`./${entry.fileName}`, `./${fileName}`)}\n  </body>`);
      },
    },
  };
}
