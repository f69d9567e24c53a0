// The site: root site/, lessons rendered at build time by the lessons plugin, Vue, a relative base.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { siteConfig } from './site/plugin/site-config.js';

export default defineConfig(siteConfig({ projectRoot: fileURLToPath(new URL('.', import.meta.url)) }));
