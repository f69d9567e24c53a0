// Loads TypeScript modules (the labs' lab.ts) with Vite's SSR loader. The dev server has one already;
// a build starts a small one on first use, without a config file or a port, and closes it when done.
import { createServer, type ViteDevServer } from 'vite';
import type { ModuleLoader } from './labs.js';

export class BuildModuleLoader {
  private server: Promise<ViteDevServer> | undefined;

  constructor(private readonly root: string) {}

  readonly load: ModuleLoader = async (file) => {
    this.server ??= createServer({
      configFile: false,
      root: this.root,
      logLevel: 'silent',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    return (await this.server).ssrLoadModule(file);
  };

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await (await server).close();
  }
}

export function devModuleLoader(server: ViteDevServer): ModuleLoader {
  return (file) => server.ssrLoadModule(file);
}
