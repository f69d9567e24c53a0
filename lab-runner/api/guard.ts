// Who may call the runner API: only the workbook's own page, served from this computer.
// A foreign Origin (another site in the same browser) or a foreign Host (DNS rebinding) is refused.
import type { IncomingMessage } from 'node:http';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type Refusal = { status: 403 | 405 | 415; reason: string } | undefined;

function hostName(host: string): string {
  return host.replace(/:\d+$/, '').toLowerCase();
}

export function refuse(req: IncomingMessage): Refusal {
  const host = req.headers.host ?? '';
  if (!LOCAL_HOSTS.has(hostName(host))) return { status: 403, reason: `Host "${host}" is not this computer.` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { status: 403, reason: `Origin "${origin}" is not the workbook's page.` };
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return { status: 403, reason: 'Cross-site requests are refused.' };
  if (req.method !== 'GET' && req.method !== 'POST') return { status: 405, reason: 'Only GET and POST.' };
  // A state-changing request must be a same-origin fetch with a JSON body: an HTML form cannot send one.
  if (req.method === 'POST') {
    if (origin === undefined) return { status: 403, reason: 'A POST must come from the workbook page (Origin header).' };
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return { status: 415, reason: 'A POST must send application/json.' };
  }
  return undefined;
}
