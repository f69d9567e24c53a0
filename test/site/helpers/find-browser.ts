// Where a Chromium or Chrome is on this computer: CHROME_PATH if set, else the usual install places on Linux, macOS
// and Windows, else the names on PATH. Nothing is downloaded; when none is found, one line says how to get one.
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type BrowserSearch = { found: true; path: string } | { found: false; reason: string };

export interface SearchPlace {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  isFile: (path: string) => boolean;
}

const LINUX = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/opt/google/chrome/chrome'];
const MAC = ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

const INSTALL: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'sudo apt-get install chromium (Debian, Ubuntu) or your distribution’s chromium package',
  darwin: 'brew install --cask google-chrome, or install Chrome from google.com/chrome',
  win32: 'winget install Google.Chrome',
};

function windowsPlaces(env: NodeJS.ProcessEnv): string[] {
  const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((root): root is string => Boolean(root));
  return roots.flatMap((root) => [join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(root, 'Chromium', 'Application', 'chrome.exe')]);
}

function onPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const names = platform === 'win32' ? ON_PATH.map((name) => `${name}.exe`) : ON_PATH;
  return dirs.flatMap((dir) => names.map((name) => join(dir, name)));
}

function candidates(place: SearchPlace): string[] {
  const installed = place.platform === 'darwin' ? MAC : place.platform === 'win32' ? windowsPlaces(place.env) : LINUX;
  return [...installed, ...onPath(place.env, place.platform)];
}

/** The one line a newcomer needs when there is no browser to test with. */
export function missingBrowserLine(platform: NodeJS.Platform): string {
  return `No Chromium or Chrome found for the browser tests: install one (${INSTALL[platform] ?? 'from chromium.org'}) or set CHROME_PATH to its executable.`;
}

export function findBrowser(place: SearchPlace = { platform: process.platform, env: process.env, isFile }): BrowserSearch {
  const chosen = place.env.CHROME_PATH;
  if (chosen) {
    return place.isFile(chosen) ? { found: true, path: chosen } : { found: false, reason: `CHROME_PATH is ${chosen}, which is not a file: point it at a Chromium or Chrome executable, or unset it.` };
  }
  const path = candidates(place).find((candidate) => place.isFile(candidate));
  return path ? { found: true, path } : { found: false, reason: missingBrowserLine(place.platform) };
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
