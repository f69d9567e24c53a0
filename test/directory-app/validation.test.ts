import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  employeeForm,
  listedIds,
  pngBytes,
  postForm,
  rawRequest,
  useAppFixture,
  type EmployeeFields,
} from './helpers.js';

const MB = 1024 * 1024;
const fixture = useAppFixture();

// Nothing in this file may ever be stored: no S3 object, no record.
afterEach(async () => {
  expect(await fixture.bucket.keys()).toEqual([]);
  expect(await listedIds(fixture.app)).toEqual([]);
  await expect(readFile(join(fixture.app.dataDir, 'employees.json'), 'utf8')).rejects.toThrow(/ENOENT/);
});

const goodPhoto = (): EmployeeFields['photo'] => ({ bytes: pngBytes(), filename: 'me.png' });

async function refused(fields: EmployeeFields): Promise<string> {
  const response = await postForm(`${fixture.app.url}/employees`, employeeForm(fields));
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const page = await response.text();
  expect(page).toContain('<div class="summary" role="alert">');
  return page;
}

describe('bad input is refused with a 400 page that keeps what was typed', () => {
  it('a missing name', async () => {
    const page = await refused({ name: '  ', location: 'Oslo', jobTitle: 'Chef', badges: ['Lifeguard'], photo: goodPhoto() });
    expect(page).toContain('Name is required.');
    expect(page).toContain('aria-invalid="true" aria-describedby="name-error"');
    expect(page).toContain('value="Oslo"');
    expect(page).toContain('value="Chef"');
    expect(page).toMatch(/value="Lifeguard" checked/);
    expect(page).toContain('choose the photo again');
  });

  it('a name over 100 characters', async () => {
    const name = 'N'.repeat(101);
    const page = await refused({ name, photo: goodPhoto() });
    expect(page).toContain('Name must be at most 100 characters.');
    expect(page).toContain(`value="${name}"`);
  });

  it('a name of exactly 100 characters counts characters, not bytes', async () => {
    const name = 'é'.repeat(100);
    const response = await postForm(`${fixture.app.url}/employees`, employeeForm({ name, location: 'x'.repeat(101) }));
    const page = await response.text();
    expect(page).not.toContain('Name must be');
    expect(page).toContain('Location must be at most 100 characters.');
  });

  it('a location or job title over 100 characters', async () => {
    const page = await refused({ name: 'Ok', location: 'L'.repeat(101), jobTitle: 'J'.repeat(150), photo: goodPhoto() });
    expect(page).toContain('Location must be at most 100 characters.');
    expect(page).toContain('Job title must be at most 100 characters.');
    expect(page).toContain('value="Ok"');
  });

  it('a field far over the limit, cut off while parsing', async () => {
    const page = await refused({ name: 'Ok', jobTitle: 'J'.repeat(20_000), photo: goodPhoto() });
    expect(page).toContain('Job title must be at most 100 characters.');
  });

  it('control characters in a name', async () => {
    const response = await postForm(`${fixture.app.url}/employees`, employeeForm({ name: 'Eve\r\nX-Injected: yes', photo: goodPhoto() }));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-injected')).toBeNull();
    expect(await response.text()).toContain('Name contains characters that are not allowed.');
  });

  it('a badge not on the list', async () => {
    const page = await refused({ name: 'Ok', badges: ['Cloud Expert', 'Wizard'], photo: goodPhoto() });
    expect(page).toContain('Unknown badge: Wizard. Choose from the list.');
    expect(page).toMatch(/value="Cloud Expert" checked/);
  });

  it('no photo when adding', async () => {
    const page = await refused({ name: 'Ok' });
    expect(page).toContain('Choose a photo (PNG, JPEG or WebP).');
    expect(page).toContain('value="Ok"');
  });

  it('an empty file input when adding', async () => {
    const page = await refused({ name: 'Ok', photo: { bytes: Buffer.alloc(0), filename: '' } });
    expect(page).toContain('Choose a photo');
  });

  it('a text file renamed .png and sent as image/png', async () => {
    const page = await refused({
      name: 'Ok',
      photo: { bytes: Buffer.from('just some text pretending to be a picture'), filename: 'photo.png', type: 'image/png' },
    });
    expect(page).toContain('The photo must be a PNG, JPEG or WebP image.');
  });

  it('a GIF (a real image, but not an accepted type)', async () => {
    const page = await refused({ name: 'Ok', photo: { bytes: Buffer.from('GIF89a\x01\x00\x01\x00'), filename: 'a.png' } });
    expect(page).toContain('The photo must be a PNG, JPEG or WebP image.');
  });

  it('a photo of 5 MB and one byte', async () => {
    const page = await refused({ name: 'Big', location: 'Here', photo: { bytes: pngBytes(5 * MB - 7), filename: 'big.png' } });
    expect(page).toContain('The photo is larger than 5 MB.');
    expect(page).toContain('value="Big"');
    expect(page).toContain('value="Here"');
  });

  it('several problems at once, all listed', async () => {
    const page = await refused({ name: '', badges: ['Nope'], photo: { bytes: Buffer.from('%PDF-1.7'), filename: 'x.jpg' } });
    expect(page).toContain('Name is required.');
    expect(page).toContain('Unknown badge: Nope.');
    expect(page).toContain('The photo must be a PNG, JPEG or WebP image.');
  });

  it('a body that is not a form', async () => {
    const response = await fetch(`${fixture.app.url}/employees`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('The form must be sent as multipart/form-data.');
  });

  it('a broken multipart body', async () => {
    const response = await rawRequest(fixture.app.url, {
      method: 'POST',
      path: '/employees',
      headers: { 'Content-Type': 'multipart/form-data; boundary=XYZ' },
      body: Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nhalf a form'),
    });
    expect(response.status).toBe(400);
    expect(response.body).toContain('The form could not be read');
  });

  it('bad input on edit of an unknown id is a 404, not a 400', async () => {
    const response = await postForm(`${fixture.app.url}/employees/00000000-0000-4000-8000-000000000000`, employeeForm({ name: '' }));
    expect(response.status).toBe(404);
  });
});

describe('oversized uploads are cut off while streaming', () => {
  it('a photo past the limit is discarded as it arrives (6 MB)', async () => {
    const page = await refused({ name: 'Big', photo: { bytes: pngBytes(6 * MB), filename: 'big.png' } });
    expect(page).toContain('The photo is larger than 5 MB.');
  });

  it('a body announced larger than any valid form is refused before it is read', async () => {
    const response = await rawRequest(fixture.app.url, {
      method: 'POST',
      path: '/employees',
      headers: { 'Content-Type': 'multipart/form-data; boundary=XYZ', 'Content-Length': 50 * MB },
      body: Buffer.from('--XYZ\r\n'),
    });
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(response.body).toContain('a photo may be at most 5 MB');
  });

  it('a 12 MB upload from an ordinary client gets the 413 page', async () => {
    const response = await postForm(`${fixture.app.url}/employees`, employeeForm({ name: 'Huge', photo: { bytes: pngBytes(12 * MB), filename: 'h.png' } }));
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('a photo may be at most 5 MB');
  });

  it('a streamed body past the hard cap stops being parsed (12 MB, chunked)', async () => {
    const boundary = 'BOUNDARY123';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nHuge\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const body = Buffer.concat([head, pngBytes(12 * MB), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const response = await rawRequest(fixture.app.url, {
      method: 'POST',
      path: '/employees',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' },
      body,
    });
    // Answered before the upload ends; the rest is discarded and the connection closed.
    expect(response.status).toBe(400);
    expect(response.headers.connection).toBe('close');
    expect(response.body).toContain('The photo is larger than 5 MB.');
    expect(response.body).toContain('value="Huge"');
    expect(fixture.app.logs.some((line) => /^POST \/employees 400 \d+ms$/.test(line))).toBe(true);
  });
});
