import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../directory-app/src/server.js';
import {
  addEmployee,
  createTestBucket,
  employeeForm,
  listedIds,
  makeDataDir,
  pngBytes,
  postForm,
  removeDataDir,
  startFakeImds,
  startTestApp,
  type FakeImds,
  type TestBucket,
} from './helpers.js';

let bucket: TestBucket;
let imds: FakeImds;
const dataDirs: string[] = [];

beforeAll(async () => {
  bucket = await createTestBucket();
  imds = await startFakeImds();
});

afterAll(async () => {
  await imds?.close();
  await bucket?.destroy();
  await Promise.all(dataDirs.map(removeDataDir));
});

async function newDataDir(): Promise<string> {
  const dir = await makeDataDir();
  dataDirs.push(dir);
  return dir;
}

describe('records on disk', () => {
  it('survive a restart with the same DATA_DIR, photo included', async () => {
    const dataDir = await newDataDir();
    const photo = pngBytes(1000);
    const first = await startTestApp({ bucket: bucket.name, imdsUrl: imds.url, dataDir });
    const id = await addEmployee(first, { name: 'Persistent Pat', location: 'Dublin', badges: ['Lifeguard'], photo: { bytes: photo, filename: 'p.png' } });
    await first.close();

    const second = await startTestApp({ bucket: bucket.name, imdsUrl: imds.url, dataDir });
    try {
      expect(await listedIds(second)).toEqual([id]);
      const edit = await (await fetch(`${second.url}/employees/${id}/edit`)).text();
      expect(edit).toContain('value="Persistent Pat"');
      expect(edit).toContain('value="Dublin"');
      expect(edit).toMatch(/value="Lifeguard" checked/);
      expect(Buffer.from(await (await fetch(`${second.url}/employees/${id}/photo`)).arrayBuffer())).toEqual(photo);
    } finally {
      await second.close();
    }
  });

  it('are one JSON file, replaced whole, with no temporary files left behind', async () => {
    const dataDir = await newDataDir();
    const app = await startTestApp({ bucket: bucket.name, imdsUrl: imds.url, dataDir });
    try {
      // Several saves at once must still leave one complete file holding all of them.
      const names = ['One', 'Two', 'Three', 'Four', 'Five'];
      const responses = await Promise.all(
        names.map((name) => postForm(`${app.url}/employees`, employeeForm({ name, photo: { bytes: pngBytes(), filename: 'x.png' } }))),
      );
      expect(responses.map((r) => r.status)).toEqual(names.map(() => 303));
      expect(await readdir(dataDir)).toEqual(['employees.json']);
      const saved = JSON.parse(await readFile(join(dataDir, 'employees.json'), 'utf8')) as { version: number; employees: { name: string }[] };
      expect(saved.version).toBe(1);
      expect(saved.employees.map((e) => e.name).sort()).toEqual([...names].sort());
    } finally {
      await app.close();
    }
  });

  it('a restart after a delete does not bring the employee back', async () => {
    const dataDir = await newDataDir();
    const first = await startTestApp({ bucket: bucket.name, imdsUrl: imds.url, dataDir });
    const keep = await addEmployee(first, { name: 'Keep', photo: { bytes: pngBytes(), filename: 'k.png' } });
    const gone = await addEmployee(first, { name: 'Gone', photo: { bytes: pngBytes(), filename: 'g.png' } });
    await fetch(`${first.url}/employees/${gone}/delete`, { method: 'POST', redirect: 'manual' });
    await first.close();

    const second = await startTestApp({ bucket: bucket.name, imdsUrl: imds.url, dataDir });
    try {
      expect(await listedIds(second)).toEqual([keep]);
    } finally {
      await second.close();
    }
  });

  it('a damaged records file stops the start with a clear message and is left untouched', async () => {
    const dataDir = await newDataDir();
    const file = join(dataDir, 'employees.json');
    await writeFile(file, '{"employees": [ broken');
    await expect(
      startServer({ port: 0, host: '127.0.0.1', photosBucket: bucket.name, dataDir, region: 'us-east-1', log: () => undefined }),
    ).rejects.toThrow(/employees\.json is not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe('{"employees": [ broken');
  });

  it('creates DATA_DIR when it does not exist yet', async () => {
    const dataDir = join(await newDataDir(), 'nested', 'data');
    const app = await startTestApp({ bucket: bucket.name, imdsUrl: imds.url, dataDir });
    try {
      await addEmployee(app, { name: 'First', photo: { bytes: pngBytes(), filename: 'f.png' } });
      expect(await readdir(dataDir)).toEqual(['employees.json']);
    } finally {
      await app.close();
    }
  });
});
