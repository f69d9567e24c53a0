// What a test page must not do: log an error (or a Vue warning), get a failing response, or ask anything off this
// machine. Also lists the runner API requests it made.
import type { Page } from 'playwright-core';

export interface PageWatch {
  errors: string[];
  offsite: string[];
  api: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], offsite: [], api: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().startsWith('[Vue warn]')) watch.errors.push(message.text());
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) watch.errors.push(`${response.status()} ${response.url()}`);
  });
  page.on('request', (request) => {
    const { hostname, protocol, pathname } = new URL(request.url());
    const local = hostname === '127.0.0.1' || hostname === 'localhost' || protocol === 'data:' || protocol === 'file:';
    if (!local) watch.offsite.push(request.url());
    if (pathname.startsWith('/api/')) watch.api.push(`${request.method()} ${pathname}`);
  });
  return watch;
}
