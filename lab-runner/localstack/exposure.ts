// Whether something listening on a port of this computer answers beyond loopback, read from the kernel's own table of
// listening sockets (no traffic is sent): a LocalStack bound to 0.0.0.0 serves every local account to the network.
import { readFileSync } from 'node:fs';

export type Exposure = 'loopback' | 'exposed' | 'unknown';

const LISTEN = '0A';

function readTable(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Linux's /proc/net/tcp{,6} lines: `sl local_address rem_address st …`, addresses as hex `ADDR:PORT`. */
function listeners(table: string): { address: string; port: number }[] {
  return table
    .trim()
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const [, local = '', , state] = line.trim().split(/\s+/);
      const [address, port] = local.split(':');
      return state === LISTEN && address && port ? [{ address, port: parseInt(port, 16) }] : [];
    });
}

/** IPv4 127.0.0.0/8 (stored little-endian, so the first byte is last), IPv6 ::1, or IPv4-mapped 127.x. */
function isLoopback(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F');
  if (hex === '00000000000000000000000001000000') return true;
  return hex.startsWith('0000000000000000FFFF0000') && hex.endsWith('7F');
}

export function exposureOf(port: number): Exposure {
  if (process.platform !== 'linux') return 'unknown';
  return exposureIn([readTable('/proc/net/tcp'), readTable('/proc/net/tcp6')], port);
}

/** The same, from the text of the kernel's tables. */
export function exposureIn(tables: string[], port: number): Exposure {
  const bound = tables.flatMap(listeners).filter((l) => l.port === port);
  if (bound.length === 0) return 'unknown';
  return bound.every((l) => isLoopback(l.address)) ? 'loopback' : 'exposed';
}
