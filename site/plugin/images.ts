// Images are our own diagrams under site/public/diagrams/, always with alt text. They are referenced relative
// to the page so the static build works from any folder, and get their size from the SVG's viewBox.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { lessonError, renderEnv } from './env.js';
import { tokenAt } from './token-at.js';

const DIAGRAM = /^\/diagrams\/[a-z0-9-]+\.svg$/;

export function imagesPlugin(md: MarkdownIt): void {
  md.renderer.rules.image = (tokens, index, options, rawEnv, self) => {
    const env = renderEnv(rawEnv);
    const token = tokenAt(tokens, index);
    const src = String(token.attrGet('src') ?? '');
    const alt = self.renderInlineAsText(token.children ?? [], options, env).trim();
    if (alt === '') throw lessonError(env, token, `image ${src} needs alt text: ![what it shows](${src})`);
    if (!DIAGRAM.test(src)) throw lessonError(env, token, `image "${src}" must be one of our diagrams: /diagrams/name.svg`);
    const file = join(env.publicDir, src);
    if (!existsSync(file)) throw lessonError(env, token, `image ${src} does not exist (looked for ${file})`);
    const size = svgSize(readFileSync(file, 'utf8'));
    const dimensions = size ? ` width="${size.width}" height="${size.height}"` : '';
    // In a box of its own, which scrolls sideways on a narrow screen (see wide.ts).
    return `<span class="wide"><img class="diagram" src=".${src}" alt="${md.utils.escapeHtml(alt)}"${dimensions} decoding="async"></span>`;
  };
}

function svgSize(svg: string): { width: number; height: number } | undefined {
  const [, width, height] = /viewBox="\s*[\d.-]+[\s,]+[\d.-]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(svg) ?? [];
  return width && height ? { width: Number(width), height: Number(height) } : undefined;
}
