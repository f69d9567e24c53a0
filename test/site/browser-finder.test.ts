// Finding a browser for the browser tests on Linux, macOS and Windows, and what a run without one says.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers/build-site.js';
import { findBrowser, type SearchPlace } from './helpers/find-browser.js';

function place(platform: NodeJS.Platform, files: string[], env: NodeJS.ProcessEnv = {}): SearchPlace {
  return { platform, env, isFile: (path) => files.includes(path) };
}

describe('finding Chromium or Chrome', () => {
  it('takes CHROME_PATH first, wherever it points', () => {
    expect(findBrowser(place('linux', ['/usr/bin/chromium', '/opt/chrome'], { CHROME_PATH: '/opt/chrome' }))).toEqual({ found: true, path: '/opt/chrome' });
  });

  it('says in one line when CHROME_PATH points at nothing, instead of guessing another browser', () => {
    const search = findBrowser(place('linux', ['/usr/bin/chromium'], { CHROME_PATH: '/nowhere/chrome' }));
    expect(search).toEqual({ found: false, reason: expect.stringContaining('CHROME_PATH is /nowhere/chrome') });
  });

  it.each([
    ['linux', '/usr/bin/chromium', {}],
    ['linux', '/usr/bin/google-chrome-stable', {}],
    ['linux', '/snap/bin/chromium', {}],
    ['darwin', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', {}],
    ['darwin', '/Applications/Chromium.app/Contents/MacOS/Chromium', {}],
    ['win32', join('C:\\Users\\ada\\AppData\\Local', 'Google', 'Chrome', 'Application', 'chrome.exe'), { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }],
    ['win32', join('C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'), { PROGRAMFILES: 'C:\\Program Files' }],
    ['linux', join('/home/ada/bin', 'chromium'), { PATH: '/usr/local/bin:/home/ada/bin' }],
  ] as const)('on %s finds %s', (platform, path, env) => {
    expect(findBrowser(place(platform, [path], env))).toEqual({ found: true, path });
  });

  it.each([
    ['linux', 'apt-get install chromium'],
    ['darwin', 'brew install --cask google-chrome'],
    ['win32', 'winget install Google.Chrome'],
  ] as const)('on %s without a browser says how to install one, in one line', (platform, how) => {
    const search = findBrowser(place(platform, []));
    expect(search.found).toBe(false);
    const reason = search.found ? '' : search.reason;
    expect(reason).toContain(how);
    expect(reason).toContain('CHROME_PATH');
    expect(reason).not.toContain('\n');
  });
});

describe('a test run without a browser', () => {
  it('skips the browser tests with that one line and no stack trace', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CHROME_PATH: '/nowhere/chrome', NO_COLOR: '1' };
    delete env.CI;
    delete env.VITEST; // a run of its own, not a part of this one
    const run = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/site/browser.test.ts'], {
      cwd: projectRoot,
      env,
      encoding: 'utf8',
      timeout: 110_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toContain('CHROME_PATH is /nowhere/chrome, which is not a file');
    expect(output).toMatch(/skipped/);
    expect(output).not.toMatch(/^\s+at /m);
  });
});
