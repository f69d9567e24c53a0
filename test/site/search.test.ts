import { describe, expect, it } from 'vitest';
import { parseHash, lessonHref } from '../../site/shared/routes.js';
import { searchLessons } from '../../site/src/search.js';

const ENTRIES = [
  { slug: '02-global-infrastructure', title: 'AWS global infrastructure', sections: [{ id: null, heading: '', text: 'An availability zone is one or more data centres. Regions have zones.' }] },
  {
    slug: '09-vpc',
    title: 'A network for the app',
    sections: [
      { id: null, heading: '', text: 'Networks first.' },
      { id: 'subnets', heading: 'Subnets', text: 'Each subnet lies in one availability zone.' },
      { id: 'the-vpc', heading: 'The VPC', text: 'The VPC spans every zone of its region.' },
    ],
  },
  { slug: '04-billing-alarm', title: 'Exercise 1: a billing alarm', sections: [{ id: 'the-metric', heading: 'The metric', text: 'EstimatedCharges lives in us-east-1.' }] },
];

describe('search', () => {
  it('finds lessons that contain every word, title matches first', () => {
    expect(searchLessons(ENTRIES, 'Availability ZONE').map((h) => h.slug).sort()).toEqual(['02-global-infrastructure', '09-vpc']);
    expect(searchLessons(ENTRIES, 'region subnet').map((h) => h.slug)).toEqual(['09-vpc']);
    const titled = [
      { slug: 'many', title: 'Other things', sections: [{ id: null, heading: '', text: 'zone, zone and zone again' }] },
      { slug: 'titled', title: 'Zones explained', sections: [{ id: null, heading: '', text: 'nothing else' }] },
    ];
    expect(searchLessons(titled, 'zone').map((h) => h.slug)).toEqual(['titled', 'many']);
  });

  it('returns a snippet with the match marked apart from the text around it', () => {
    const [hit] = searchLessons(ENTRIES, 'estimatedcharges');
    expect(hit).toMatchObject({ section: 'the-metric', heading: 'The metric', before: '', match: 'EstimatedCharges', after: ' lives in us-east-1.' });
  });

  it('opens the first section holding every word, else the first holding any', () => {
    expect(searchLessons(ENTRIES, 'zone region').find((h) => h.slug === '09-vpc')?.section).toBe('the-vpc');
    expect(searchLessons(ENTRIES, 'subnet zone')[0]).toMatchObject({ slug: '09-vpc', section: 'subnets', match: 'subnet' });
    expect(searchLessons(ENTRIES, 'network')[0]).toMatchObject({ slug: '09-vpc', section: null });
  });

  it('finds nothing for an empty query or a missing word', () => {
    expect(searchLessons(ENTRIES, '   ')).toEqual([]);
    expect(searchLessons(ENTRIES, 'zone kubernetes')).toEqual([]);
  });
});

describe('routes', () => {
  it('read lessons and sections from the hash, and write them back', () => {
    expect(parseHash('#/09-vpc')).toEqual({ slug: '09-vpc', section: null });
    expect(parseHash('#/09-vpc/security-groups')).toEqual({ slug: '09-vpc', section: 'security-groups' });
    expect(parseHash('')).toEqual({ slug: null, section: null });
    expect(parseHash('#main')).toEqual({ slug: null, section: null });
    expect(lessonHref('09-vpc', 'security-groups')).toBe('#/09-vpc/security-groups');
  });
});
