import { beforeAll, describe, expect, it } from 'vitest';
import {
  addEmployee,
  employeeForm,
  pngBytes,
  rawRequest,
  useAppFixture,
} from './helpers.js';

const fixture = useAppFixture();
let employeeId: string;

beforeAll(async () => {
  employeeId = await addEmployee(fixture.app, {
    name: '<script>alert(1)</script>',
    location: '"><img src=x onerror=alert(2)>',
    jobTitle: "O'Brien & <b>Sons</b>",
    photo: { bytes: pngBytes(), filename: '<svg onload=alert(3)>.png' },
  });
});

describe('user text is shown as text', () => {
  it('escapes names, locations and job titles on the list page', async () => {
    const page = await (await fetch(`${fixture.app.url}/`)).text();
    expect(page).toContain('<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('<p>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</p>');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('<p>O&#39;Brien &amp; &lt;b&gt;Sons&lt;/b&gt;</p>');
    expect(page).toContain('alt="Photo of &lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('escapes values put back into form inputs', async () => {
    const page = await (await fetch(`${fixture.app.url}/employees/${employeeId}/edit`)).text();
    expect(page).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"');
    expect(page).toContain('<title>Edit &lt;script&gt;alert(1)&lt;/script&gt; · Employee Directory</title>');
    expect(page).not.toContain('<script>');
  });

  it('escapes text in a 400 page too', async () => {
    const response = await fetch(`${fixture.app.url}/employees`, {
      method: 'POST',
      body: employeeForm({ name: '<script>x</script>', badges: ['<img src=y>'] }),
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('value="&lt;script&gt;x&lt;/script&gt;"');
    expect(page).toContain('Unknown badge: &lt;img src=y&gt;.');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img src=y>');
  });
});

describe('security headers', () => {
  const pages = ['/', '/employees/new', '/info', '/health', '/nope', '/employees/x/edit'];

  it.each(pages)('%s carries nosniff, CSP, frame denial and a charset', async (path) => {
    const response = await fetch(`${fixture.app.url}${path}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-type')).toMatch(/; charset=utf-8$/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("img-src 'self'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('photos carry them too, with the type found in their bytes', async () => {
    const response = await fetch(`${fixture.app.url}/employees/${employeeId}/photo`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('the inline stylesheet matches the hash the policy allows', async () => {
    const response = await fetch(`${fixture.app.url}/`);
    const page = await response.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(style).digest('base64');
    expect(response.headers.get('content-security-policy')).toContain(`'sha256-${hash}'`);
    expect(page).not.toMatch(/ style="/);
  });

  it('a redirect goes to a fixed place, never to user input', async () => {
    const response = await fetch(`${fixture.app.url}/employees/${employeeId}`, {
      method: 'POST',
      body: employeeForm({ name: 'Renamed\r\nLocation: https://evil.example' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('ids and photo addresses', () => {
  const traversals = [
    '/employees/..%2F..%2Fetc%2Fpasswd/photo',
    '/employees/%2e%2e/photo',
    '/employees/..%5C..%5Cwindows/photo',
    '/employees/../../etc/passwd',
    '/employees/x/../../../photo',
    '/employees/employees%2Fsome-key/photo',
    '/employees/%00/photo',
    `/employees/${'a'.repeat(200)}/photo`,
    '/employees/00000000-0000-4000-8000-000000000000%2F..%2Fother/photo',
    '/employees/00000000-0000-4000-8000-00000000000G/photo',
    '/employees/00000000-0000-4000-8000-000000000000/photo/..%2F..%2Fedit',
  ];

  it.each(traversals)('GET %s is 404', async (path) => {
    const response = await rawRequest(fixture.app.url, { path });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('an id in upper case or with extra characters is not an id', async () => {
    for (const id of [employeeId.toUpperCase(), `${employeeId}x`, ` ${employeeId}`, `${employeeId}%20`]) {
      expect((await rawRequest(fixture.app.url, { path: `/employees/${encodeURI(id)}/photo` })).status).toBe(404);
    }
    expect((await rawRequest(fixture.app.url, { path: `/employees/${employeeId}/photo` })).status).toBe(200);
  });

  it('a request target that is not a path is refused', async () => {
    const absolute = await rawRequest(fixture.app.url, { path: 'http://evil.example/' });
    expect(absolute.status).toBe(400);
    const doubleSlash = await rawRequest(fixture.app.url, { path: '//evil.example/info' });
    expect(doubleSlash.status).toBe(404);
  });

  it('a delete with a traversal id deletes nothing', async () => {
    const response = await rawRequest(fixture.app.url, { method: 'POST', path: '/employees/..%2F..%2F/delete' });
    expect(response.status).toBe(404);
    expect((await fixture.bucket.keys()).some((key) => key.startsWith(`employees/${employeeId}/`))).toBe(true);
  });
});

describe('form posts from other sites', () => {
  it('are refused by Origin', async () => {
    const response = await rawRequest(fixture.app.url, {
      method: 'POST',
      path: `/employees/${employeeId}/delete`,
      headers: { Origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    expect((await fetch(`${fixture.app.url}/employees/${employeeId}/edit`)).status).toBe(200);
  });

  it('are refused by Sec-Fetch-Site when there is no Origin', async () => {
    const response = await rawRequest(fixture.app.url, {
      method: 'POST',
      path: `/employees/${employeeId}/delete`,
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(response.status).toBe(403);
  });

  it('are accepted from the same origin', async () => {
    const id = await addEmployee(fixture.app, { name: 'Same origin', photo: { bytes: pngBytes(), filename: 'a.png' } });
    const { host } = new URL(fixture.app.url);
    const response = await rawRequest(fixture.app.url, {
      method: 'POST',
      path: `/employees/${id}/delete`,
      headers: { Origin: fixture.app.url, Host: host },
    });
    expect(response.status).toBe(303);
  });
});
