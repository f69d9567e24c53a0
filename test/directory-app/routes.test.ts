import { describe, expect, it } from 'vitest';
import {
  SAMPLE_INSTANCE,
  addEmployee,
  employeeForm,
  jpegBytes,
  listedIds,
  pngBytes,
  postForm,
  useAppFixture,
  webpBytes,
} from './helpers.js';

const fixture = useAppFixture();

describe('pages', () => {
  it('lists employees with an "Add employee" button, and says so when there are none', async () => {
    const response = await fetch(`${fixture.app.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await response.text();
    expect(page).toContain('<h1>Employees</h1>');
    expect(page).toContain('<a class="button" href="/employees/new">Add employee</a>');
  });

  it('shows an empty add form with labelled fields and the fixed badges', async () => {
    const page = await (await fetch(`${fixture.app.url}/employees/new`)).text();
    expect(page).toContain('enctype="multipart/form-data"');
    for (const field of ['name', 'location', 'jobTitle', 'photo']) {
      expect(page).toContain(`<label for="${field}">`);
      expect(page).toContain(`id="${field}" name="${field}"`);
    }
    expect(page).toContain('<legend>Badges');
    expect(page).toContain('value="Cloud Expert"');
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await fetch(`${fixture.app.url}/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('adding, editing and deleting an employee', () => {
  it('stores the photo in S3 under employees/<id>/ and serves the same bytes back', async () => {
    const photo = pngBytes(2048);
    const id = await addEmployee(fixture.app, {
      name: 'Ada Lovelace',
      location: 'London',
      jobTitle: 'Engineer',
      badges: ['Cloud Expert', 'Coffee Lover'],
      photo: { bytes: photo, filename: 'ada.png' },
    });

    const keys = (await fixture.bucket.keys()).filter((key) => key.startsWith(`employees/${id}/`));
    expect(keys).toHaveLength(1);
    const [key = ''] = keys;
    expect(key).toMatch(new RegExp(`^employees/${id}/[0-9a-f]{32}\\.png$`));
    expect(await fixture.bucket.bytesOf(key)).toEqual(photo);

    const served = await fetch(`${fixture.app.url}/employees/${id}/photo`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(photo);

    const page = await (await fetch(`${fixture.app.url}/`)).text();
    expect(page).toContain('<h2>Ada Lovelace</h2>');
    expect(page).toContain(`<img src="/employees/${id}/photo" alt="Photo of Ada Lovelace" width="96" height="96">`);
    expect(page).toContain('<li>Cloud Expert</li>');
    expect(page).toContain('<p>London</p>');
  });

  it('accepts badges as a comma list too, and JPEG and WebP photos', async () => {
    const jpegId = await addEmployee(fixture.app, {
      name: 'Grace Hopper',
      badges: ['Mac User, super hero'],
      photo: { bytes: jpegBytes(), filename: 'grace.jpg', type: 'image/jpeg' },
    });
    const edit = await (await fetch(`${fixture.app.url}/employees/${jpegId}/edit`)).text();
    expect(edit).toMatch(/value="Mac User" checked/);
    expect(edit).toMatch(/value="Super Hero" checked/);
    expect(edit).not.toMatch(/value="Lifeguard" checked/);
    expect((await fetch(`${fixture.app.url}/employees/${jpegId}/photo`)).headers.get('content-type')).toBe('image/jpeg');

    const webpId = await addEmployee(fixture.app, { name: 'Linus', photo: { bytes: webpBytes(), filename: 'l.webp', type: 'image/webp' } });
    expect((await fixture.bucket.keys()).some((key) => key.startsWith(`employees/${webpId}/`) && key.endsWith('.webp'))).toBe(true);
  });

  it('edits the details and keeps the old photo when none is given', async () => {
    const photo = pngBytes();
    const id = await addEmployee(fixture.app, { name: 'Katherine', photo: { bytes: photo, filename: 'k.png' } });
    const keysBefore = await fixture.bucket.keys();

    const form = await (await fetch(`${fixture.app.url}/employees/${id}/edit`)).text();
    expect(form).toContain('<h1>Edit Katherine</h1>');
    expect(form).toContain('value="Katherine"');
    expect(form).toContain(`action="/employees/${id}"`);

    const response = await postForm(
      `${fixture.app.url}/employees/${id}`,
      employeeForm({ name: 'Katherine Johnson', location: 'Hampton', jobTitle: 'Mathematician', badges: ['Seven Wonders'] }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');

    const edited = await (await fetch(`${fixture.app.url}/employees/${id}/edit`)).text();
    expect(edited).toContain('value="Katherine Johnson"');
    expect(edited).toContain('value="Hampton"');
    expect(edited).toContain('value="Mathematician"');
    expect(edited).toMatch(/value="Seven Wonders" checked/);
    expect(await fixture.bucket.keys()).toEqual(keysBefore);
    expect(Buffer.from(await (await fetch(`${fixture.app.url}/employees/${id}/photo`)).arrayBuffer())).toEqual(photo);
  });

  it('replaces the photo on edit and deletes the old object', async () => {
    const id = await addEmployee(fixture.app, { name: 'Margaret', photo: { bytes: pngBytes(), filename: 'm.png' } });
    const [oldKey] = (await fixture.bucket.keys()).filter((key) => key.startsWith(`employees/${id}/`));
    const newPhoto = jpegBytes(512);

    const response = await postForm(
      `${fixture.app.url}/employees/${id}`,
      employeeForm({ name: 'Margaret', photo: { bytes: newPhoto, filename: 'new.jpg', type: 'image/jpeg' } }),
    );
    expect(response.status).toBe(303);

    const keys = (await fixture.bucket.keys()).filter((key) => key.startsWith(`employees/${id}/`));
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(oldKey);
    expect(keys[0]).toMatch(/\.jpg$/);
    expect(Buffer.from(await (await fetch(`${fixture.app.url}/employees/${id}/photo`)).arrayBuffer())).toEqual(newPhoto);
  });

  it('deletes the record and its photo in S3', async () => {
    const id = await addEmployee(fixture.app, { name: 'Temporary', photo: { bytes: pngBytes(), filename: 't.png' } });
    expect((await fixture.bucket.keys()).some((key) => key.startsWith(`employees/${id}/`))).toBe(true);

    const response = await fetch(`${fixture.app.url}/employees/${id}/delete`, { method: 'POST', redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');

    expect((await fixture.bucket.keys()).some((key) => key.startsWith(`employees/${id}/`))).toBe(false);
    expect(await listedIds(fixture.app)).not.toContain(id);
    expect((await fetch(`${fixture.app.url}/employees/${id}/edit`)).status).toBe(404);
    expect((await fetch(`${fixture.app.url}/employees/${id}/photo`)).status).toBe(404);
  });

  it('answers 304 for a photo the browser already has', async () => {
    const id = await addEmployee(fixture.app, { name: 'Cached', photo: { bytes: pngBytes(), filename: 'c.png' } });
    const first = await fetch(`${fixture.app.url}/employees/${id}/photo`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}\.png"$/);
    await first.arrayBuffer();
    const again = await fetch(`${fixture.app.url}/employees/${id}/photo`, { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
  });
});

describe('unknown addresses', () => {
  const unknownId = '00000000-0000-4000-8000-000000000000';

  it.each([
    ['GET', '/nope'],
    ['GET', `/employees/${unknownId}/edit`],
    ['GET', `/employees/${unknownId}/photo`],
    ['POST', `/employees/${unknownId}`],
    ['POST', `/employees/${unknownId}/delete`],
    ['GET', '/employees/not-a-uuid/edit'],
    ['POST', '/employees/new'],
    ['GET', '/employees/new/'],
  ])('%s %s is 404', async (method, path) => {
    const response = await fetch(`${fixture.app.url}${path}`, { method, redirect: 'manual', ...(method === 'POST' ? { body: employeeForm({ name: 'x' }) } : {}) });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<h1>Not found</h1>');
  });

  it('answers 405 with Allow for a wrong method', async () => {
    const response = await fetch(`${fixture.app.url}/employees`, { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const del = await fetch(`${fixture.app.url}/`, { method: 'DELETE' });
    expect(del.status).toBe(405);
  });
});

describe('instance metadata', () => {
  it('/health answers ok with the instance id and AZ from IMDSv2', async () => {
    const response = await fetch(`${fixture.app.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      status: 'ok',
      instanceId: SAMPLE_INSTANCE.instanceId,
      availabilityZone: SAMPLE_INSTANCE.availabilityZone,
    });
  });

  it('/info shows instance id, AZ and region, and says records die with the instance', async () => {
    const page = await (await fetch(`${fixture.app.url}/info`)).text();
    expect(page).toContain(`<dd>${SAMPLE_INSTANCE.instanceId}</dd>`);
    expect(page).toContain(`<dd>${SAMPLE_INSTANCE.availabilityZone}</dd>`);
    expect(page).toContain(`<dd>${SAMPLE_INSTANCE.region}</dd>`);
    expect(page).toContain("instance's own disk");
    expect(page).toContain('They die with the instance');
    expect(page).toContain('DynamoDB or RDS');
  });

  it('used a session token for every metadata read', () => {
    expect(fixture.imds.requests).toContain('PUT /latest/api/token 200');
    expect(fixture.imds.requests.filter((line) => line.startsWith('GET')).every((line) => line.endsWith(' 200'))).toBe(true);
    expect(fixture.imds.requests).toContain('GET /latest/meta-data/placement/region 200');
  });
});

describe('request log', () => {
  it('logs one line per request: method, path, status, ms', async () => {
    const before = fixture.app.logs.length;
    await (await fetch(`${fixture.app.url}/health?token=secret`)).text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lines = fixture.app.logs.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GET \/health 200 \d+ms$/);
  });
});
