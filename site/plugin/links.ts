// Links between lessons are written as files (`./04-billing-alarm.md#section`) and become app routes;
// in-page links (`#section`) become routes of this lesson. Anything else must be an http(s) address.
import type { MarkdownIt } from 'markdown-it';
import { lessonHref } from '../shared/routes.js';
import { fileLine, lessonError, renderEnv } from './env.js';

const LESSON_FILE = /^(?:\.\/)?(\d\d-[a-z0-9-]+)\.md(?:#([a-z0-9-]+))?$/;
const SECTION = /^#([a-z0-9-]+)$/;

export function linksPlugin(md: MarkdownIt): void {
  md.renderer.rules.link_open = (tokens, index, options, rawEnv, self) => {
    const env = renderEnv(rawEnv);
    const token = tokens[index];
    const href = String(token.attrGet('href') ?? '');
    const lesson = LESSON_FILE.exec(href);
    const section = SECTION.exec(href);
    if (lesson) {
      token.attrSet('href', lessonHref(lesson[1], lesson[2]));
      env.links.push({ slug: lesson[1], section: lesson[2] ?? null, line: fileLine(env, token) });
    } else if (section) {
      token.attrSet('href', lessonHref(env.slug, section[1]));
      env.links.push({ slug: env.slug, section: section[1], line: fileLine(env, token) });
    } else if (/^https:\/\//.test(href)) {
      token.attrSet('rel', 'noopener');
    } else if (!href.startsWith('#/')) {
      throw lessonError(env, token, `link "${href}" must be a lesson file (./NN-slug.md), a #section, or an https:// address`);
    }
    return self.renderToken(tokens, index, options);
  };
}
