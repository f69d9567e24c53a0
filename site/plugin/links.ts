// Links between lessons are written as files (`./04-billing-alarm.md#section`) and become app routes;
// in-page links (`#section`) become routes of this lesson. Anything else must be an http(s) address.
import type { MarkdownIt } from 'markdown-it';
import { lessonHref } from '../shared/routes.js';
import { fileLine, lessonError, renderEnv } from './env.js';
import { tokenAt } from './token-at.js';

const LESSON_FILE = /^(?:\.\/)?(\d\d-[a-z0-9-]+)\.md(?:#([a-z0-9-]+))?$/;
const SECTION = /^#([a-z0-9-]+)$/;

export function linksPlugin(md: MarkdownIt): void {
  md.renderer.rules.link_open = (tokens, index, options, rawEnv, self) => {
    const env = renderEnv(rawEnv);
    const token = tokenAt(tokens, index);
    const href = String(token.attrGet('href') ?? '');
    const [, lesson, lessonSection] = LESSON_FILE.exec(href) ?? [];
    const [, section] = SECTION.exec(href) ?? [];
    if (lesson) {
      token.attrSet('href', lessonHref(lesson, lessonSection));
      env.links.push({ slug: lesson, section: lessonSection ?? null, line: fileLine(env, token) });
    } else if (section) {
      token.attrSet('href', lessonHref(env.slug, section));
      env.links.push({ slug: env.slug, section, line: fileLine(env, token) });
    } else if (/^https:\/\//.test(href)) {
      token.attrSet('rel', 'noopener');
    } else if (!href.startsWith('#/')) {
      throw lessonError(env, token, `link "${href}" must be a lesson file (./NN-slug.md), a #section, or an https:// address`);
    }
    return self.renderToken(tokens, index, options);
  };
}
