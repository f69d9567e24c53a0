import { FAVICON_SVG } from '../favicon.js';
import type { RouteHandler } from './context.js';

const BODY = Buffer.from(FAVICON_SVG, 'utf8');

export const sendFavicon: RouteHandler = async (_ctx, _req, res) => {
  res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Content-Length': BODY.length, 'Cache-Control': 'public, max-age=86400' });
  res.end(BODY);
};
