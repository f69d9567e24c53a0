// Old lesson addresses: each moved slug lands on a lesson that exists, and none hides a lesson that still has it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentSlug, MOVED_LESSONS, redirectedRoute } from '../../site/shared/redirects.js';
import { projectRoot } from './helpers/build-site.js';

const slugs = readdirSync(join(projectRoot, 'site', 'lessons'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.slice(0, -'.md'.length));

describe('moved lessons', () => {
  it('each lead to a lesson that exists, and no old slug is a lesson of today', () => {
    for (const [from, to] of MOVED_LESSONS) {
      expect(slugs, `${from} → ${to}`).toContain(to);
      expect(slugs, from).not.toContain(from);
    }
  });

  it('keep the section of an old address, and leave current and unknown ones alone', () => {
    expect(redirectedRoute({ slug: '07-iam', section: 'policies' })).toEqual({ slug: '08-iam', section: 'policies' });
    expect(redirectedRoute({ slug: '09-vpc', section: null })).toEqual({ slug: '10-vpc', section: null });
    expect(redirectedRoute({ slug: '10-vpc', section: null })).toBeNull();
    expect(redirectedRoute({ slug: 'constructor', section: null })).toBeNull();
    expect(redirectedRoute({ slug: null, section: null })).toBeNull();
    expect(currentSlug('04-billing-alarm')).toBe('05-billing-alarm');
    expect(currentSlug('05-billing-alarm')).toBe('05-billing-alarm');
  });
});
