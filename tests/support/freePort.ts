import { createServer } from 'node:net';

/** A free loopback port (listen on 0, read it, close): for the real services tests and benchmarks start. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))
      );
    });
  });
}
