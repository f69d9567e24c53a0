import { describe, expect, it } from 'vitest';
import { toBadge } from '../../directory-app/src/badges.js';
import { readConfig } from '../../directory-app/src/config.js';
import { escapeHtml, html, SafeHtml } from '../../directory-app/src/html.js';
import { isEmployeeId, newEmployeeId, newPhotoKey } from '../../directory-app/src/ids.js';
import { detectImageType } from '../../directory-app/src/images.js';
import { jpegBytes, pngBytes, webpBytes } from './helpers.js';

describe('image types by magic bytes', () => {
  it('knows PNG, JPEG and WebP', () => {
    expect(detectImageType(pngBytes())?.contentType).toBe('image/png');
    expect(detectImageType(jpegBytes())?.contentType).toBe('image/jpeg');
    expect(detectImageType(webpBytes())?.contentType).toBe('image/webp');
  });

  it('refuses everything else, however short', () => {
    for (const bytes of ['', 'G', 'GIF89a', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'RIFF\0\0\0\0WAVE', '%PDF-1.7', 'BM']) {
      expect(detectImageType(Buffer.from(bytes, 'latin1'))).toBeNull();
    }
    expect(detectImageType(pngBytes().subarray(0, 7))).toBeNull();
  });
});

describe('HTML escaping', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes interpolated text but keeps template-made HTML', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner} ${'<script>'} ${['<', html`<br>`]} ${null}${false}${undefined}${7}</p>`.value).toBe(
      '<p><b>&lt;i&gt;</b> &lt;script&gt; &lt;<br> 7</p>',
    );
    expect(new SafeHtml('x').toString()).toBe('x');
  });
});

describe('ids and keys', () => {
  it('makes UUIDs and recognises only their exact form', () => {
    const id = newEmployeeId();
    expect(isEmployeeId(id)).toBe(true);
    expect(isEmployeeId(id.toUpperCase())).toBe(false);
    expect(isEmployeeId(`../${id}`)).toBe(false);
    expect(isEmployeeId('')).toBe(false);
  });

  it('builds photo keys from server-made parts only', () => {
    const id = newEmployeeId();
    expect(newPhotoKey(id, 'png')).toMatch(new RegExp(`^employees/${id}/[0-9a-f]{32}\\.png$`));
    expect(() => newPhotoKey('../../x', 'png')).toThrow();
  });
});

describe('badges', () => {
  it('match the fixed list ignoring case and spaces', () => {
    expect(toBadge('  cloud EXPERT ')).toBe('Cloud Expert');
    expect(toBadge('Wizard')).toBeNull();
  });
});

describe('configuration from the environment', () => {
  it('needs PHOTOS_BUCKET', () => {
    expect(readConfig({})).toEqual({ ok: false, message: expect.stringMatching(/^PHOTOS_BUCKET is not set/) });
  });

  it('has defaults for everything else', () => {
    expect(readConfig({ PHOTOS_BUCKET: 'b' })).toEqual({
      ok: true,
      config: {
        port: 80,
        host: '0.0.0.0',
        photosBucket: 'b',
        dataDir: './data',
        region: undefined,
        s3Endpoint: undefined,
        metadataEndpoint: undefined,
      },
    });
  });

  it('reads every variable', () => {
    const result = readConfig({
      PHOTOS_BUCKET: 'b',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/app',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1338',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 8080,
        host: '127.0.0.1',
        photosBucket: 'b',
        dataDir: '/var/lib/app',
        region: 'eu-west-1',
        s3Endpoint: 'http://127.0.0.1:4566',
        metadataEndpoint: 'http://127.0.0.1:1338',
      },
    });
  });

  it('refuses a PORT that is not a port', () => {
    expect(readConfig({ PHOTOS_BUCKET: 'b', PORT: 'eighty' }).ok).toBe(false);
    expect(readConfig({ PHOTOS_BUCKET: 'b', PORT: '70000' }).ok).toBe(false);
  });
});
