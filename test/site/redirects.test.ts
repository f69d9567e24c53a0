// Old lesson addresses: each moved slug lands on a lesson that exists, and none hides a lesson that still has it; each
// section that went to another lesson lands on that section, and none hides a section its old lesson still has.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHighlight } from '../../site/plugin/highlight.js';
import { labCatalogue } from '../../site/plugin/labs.js';
import { renderLessons } from '../../site/plugin/lessons.js';
import { createMarkdown } from '../../site/plugin/markdown.js';
import { currentSlug, MOVED_LESSONS, MOVED_SECTIONS, redirectedRoute } from '../../site/shared/redirects.js';
import { LAB_IDS, projectRoot } from './helpers/build-site.js';

const lessonsDir = join(projectRoot, 'site', 'lessons');
const slugs = readdirSync(lessonsDir)
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.slice(0, -'.md'.length));

let sectionsOf: Map<string, string[]>;

beforeAll(async () => {
  const catalogue = labCatalogue(join(projectRoot, 'labs'));
  const lessons = await renderLessons(createMarkdown(await createHighlight()), lessonsDir, {
    root: projectRoot,
    publicDir: join(projectRoot, 'site', 'public'),
    knownLabs: LAB_IDS,
    loadLab: catalogue.load,
    labWords: catalogue.words,
  });
  sectionsOf = new Map(lessons.map((lesson) => [lesson.summary.slug, lesson.content.headings.map((heading) => heading.id)]));
});

describe('moved lessons', () => {
  it('each lead to a lesson that exists, and no old slug is a lesson of today', () => {
    for (const [from, to] of MOVED_LESSONS) {
      expect(slugs, `${from} → ${to}`).toContain(to);
      expect(slugs, from).not.toContain(from);
    }
  });

  it('keep the section of an old address, and leave current and unknown ones alone', () => {
    expect(redirectedRoute({ slug: '07-iam', section: 'signed-requests' })).toEqual({ slug: '08-iam', section: 'signed-requests' });
    expect(redirectedRoute({ slug: '09-vpc', section: null })).toEqual({ slug: '11-vpc', section: null });
    expect(redirectedRoute({ slug: '10-vpc', section: 'security-groups-a-firewall-around-each-instance' })).toEqual({
      slug: '11-vpc',
      section: 'security-groups-a-firewall-around-each-instance',
    });
    expect(redirectedRoute({ slug: '11-vpc', section: null })).toBeNull();
    expect(redirectedRoute({ slug: '08-iam', section: 'signed-requests' })).toBeNull();
    expect(redirectedRoute({ slug: 'constructor', section: null })).toBeNull();
    expect(redirectedRoute({ slug: null, section: null })).toBeNull();
    expect(currentSlug('04-billing-alarm')).toBe('05-billing-alarm');
    expect(currentSlug('08-iam-roles')).toBe('10-iam-roles');
    expect(currentSlug('05-billing-alarm')).toBe('05-billing-alarm');
  });
});

describe('sections that went to another lesson', () => {
  it('follow it there, from the old address and from the one before it', () => {
    expect(redirectedRoute({ slug: '08-iam', section: 'policies' })).toEqual({ slug: '09-iam-policies', section: 'policies' });
    expect(redirectedRoute({ slug: '07-iam', section: 'how-aws-decides' })).toEqual({ slug: '09-iam-policies', section: 'how-aws-decides' });
    expect(redirectedRoute({ slug: '08-iam', section: 'lab-iam-policies' })).toEqual({ slug: '09-iam-policies', section: 'lab' });
    expect(redirectedRoute({ slug: '12-hosting-the-app', section: 'the-image' })).toEqual({ slug: '12-launching-an-instance', section: 'the-image' });
    expect(redirectedRoute({ slug: '11-hosting-the-app', section: 'the-user-data-script' })).toEqual({
      slug: '12-launching-an-instance',
      section: 'the-user-data-script',
    });
    expect(redirectedRoute({ slug: '12-hosting-the-app', section: 'cleaning-up' })).toEqual({ slug: '13-hosting-the-app', section: 'cleaning-up' });
    expect(redirectedRoute({ slug: '12-hosting-the-app', section: null })).toEqual({ slug: '13-hosting-the-app', section: null });
    expect(currentSlug('13-what-you-built')).toBe('14-what-you-built');
  });

  it('each lead to a section that exists, from a lesson of today that no longer has it', () => {
    expect(MOVED_SECTIONS.size).toBeGreaterThan(0);
    for (const [from, to] of MOVED_SECTIONS) {
      const [slug = '', section] = from.split('/');
      expect(slugs, from).toContain(slug);
      expect(sectionsOf.get(slug), from).not.toContain(section);
      expect(sectionsOf.get(to.slug ?? ''), `${from} → ${to.slug}/${to.section}`).toContain(to.section);
    }
  });
});
