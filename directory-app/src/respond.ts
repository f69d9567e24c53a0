// Every response goes out through these helpers, so each one carries the security
// headers, and no header value is ever built from user input.
import type { ServerResponse } from 'node:http';
import { STYLESHEET_HASH_SOURCE, type SafeHtml } from './html.js';
import { errorPage } from './pages/error.js';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self'",
  `style-src ${STYLESHEET_HASH_SOURCE}`,
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
}

export function sendHtml(res: ServerResponse, status: number, page: SafeHtml): void {
  const body = Buffer.from(page.value, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, title: string, message: string): void {
  sendHtml(res, status, errorPage(title, message));
}

export function sendNotFound(res: ServerResponse): void {
  sendError(res, 404, 'Not found', 'There is no page or employee at this address.');
}

/** After a successful POST: send the browser to a fixed, server-chosen page. */
export function redirectTo(res: ServerResponse, location: '/'): void {
  res.writeHead(303, { Location: location, 'Content-Length': 0 });
  res.end();
}
