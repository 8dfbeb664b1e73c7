import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK_HOST = '127.0.0.1';

/** Starts `server` on a free port of 127.0.0.1 and returns its base URL, for example `http://127.0.0.1:41234`. */
export function listenOnLoopback(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK_HOST, () => resolve(`http://${LOOPBACK_HOST}:${(server.address() as AddressInfo).port}`));
  });
}

/** Stops `server` and resolves once its open connections have ended. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
