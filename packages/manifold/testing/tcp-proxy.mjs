// A TCP proxy a test or the load test can cut and restore: what a database or Redis restart looks like from the
// application (every open connection reset, new ones refused — reset at once — until it is back), without touching
// the real server other work shares.
import net from 'node:net';

/**
 * @param {{ host?: string, port: number }} target
 * @returns {Promise<{ port: number, cut(): void, restore(): void, close(): Promise<void> }>}
 */
export async function tcpProxy({ host = '127.0.0.1', port }) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return void client.resetAndDestroy();
    const upstream = net.connect(port, host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  return {
    port: /** @type {import('node:net').AddressInfo} */ (server.address()).port,
    cut() {
      cut = true;
      for (const s of sockets) s.resetAndDestroy();
    },
    restore() {
      cut = false;
    },
    close() {
      cut = true;
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
