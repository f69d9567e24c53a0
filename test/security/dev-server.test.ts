// The dev server `npm start` runs serves the site and nothing else of the clone: not .workbook/ (progress, compiled
// labs, anything a lab keeps), not the labs' files, and to no other origin (no CORS).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../lab-runner/paths.js';
import { type RunningSite } from '../../site/plugin/serve.js';
import { rawCall, startDevSite } from '../site/helpers/dev-site.js';

let site: RunningSite;
const secretFile = join(projectRoot, '.workbook', 'security-test', 'secret.txt');

beforeAll(async () => {
  mkdirSync(join(projectRoot, '.workbook', 'security-test'), { recursive: true });
  writeFileSync(secretFile, 'not for the browser');
  site = await startDevSite('000000001401');
});

afterAll(async () => {
  await site?.close();
});

describe('the dev server', () => {
  it.each([
    [`/@fs${secretFile}?raw`],
    [`/@fs${secretFile}`],
    [`/@fs${join(projectRoot, 'labs', 'billing-alarm', 'lab.ts')}?raw`],
    [`/@fs${join(projectRoot, 'package.json')}?raw`],
    ['/../.workbook/security-test/secret.txt'],
  ])('does not serve %s', async (path) => {
    const answer = await rawCall(site.url, 'GET', path);
    expect(answer.text).not.toContain('not for the browser');
    expect(answer.text).not.toContain('defineLab');
    expect(answer.status === 403 || answer.status === 404 || !answer.text.includes('"name": "cloud-workbook"')).toBe(true);
  });

  it('answers no CORS header to another localhost origin', async () => {
    const answer = await rawCall(site.url, 'GET', '/', { origin: 'http://localhost:9999' });
    expect(answer.status).toBe(200);
    const raw = await fetch(site.url, { headers: { origin: 'http://localhost:9999' } });
    expect(raw.headers.get('access-control-allow-origin')).toBeNull();
  });
});
