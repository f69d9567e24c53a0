// A front to the suite's LocalStack where one service is down: requests for it have their connection dropped, every
// other request goes on. A student behind it is reachable, but the checks that need that service are not.
import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ServiceOutage {
  url: string;
  stop(): Promise<void>;
}

/** `downTarget`: the start of the X-Amz-Target header of the service that is down, e.g. `GraniteServiceVersion20100801` (CloudWatch). */
export async function startServiceOutage(downTarget: string, upstream = 'http://127.0.0.1:4566'): Promise<ServiceOutage> {
  const to = new URL(upstream);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    if (String(req.headers['x-amz-target'] ?? '').startsWith(downTarget)) return void req.socket.destroy();
    const onward = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    onward.on('error', () => res.destroy());
    req.pipe(onward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
