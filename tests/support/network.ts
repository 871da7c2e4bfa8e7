/**
 * For the no-network tests of the CLI and the page: a TCP listener on loopback that records every connection
 * it gets, and the hostile fixture tests/fixtures/network/every-route.ts aimed at it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FIXTURES_DIR } from './fixtures.ts';

export const EVERY_ROUTE_FIXTURE = `${FIXTURES_DIR}network/every-route.ts`;

/** The fixture's own port line, which `everyRouteSource` replaces. */
const PORT_LINE = /^const PORT = \d+;$/m;

export type LoopbackListener = {
  readonly port: number;
  /** One entry per connection, in order: its first line (an HTTP request line), or '(no data)'. */
  readonly connections: readonly string[];
  close(): Promise<void>;
};

/**
 * Listens on 127.0.0.1, on a port of the system's choosing (the machine is shared). Each connection is
 * recorded, then answered as an HTTP server that allows any origin would answer, so that whatever got
 * through would show as "OPENED" in the fixture's lines too, not only here.
 */
export async function listenOnLoopback(): Promise<LoopbackListener> {
  const connections: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const index = connections.push('(no data)') - 1;
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (data) => {
      connections[index] = data.toString('latin1').split('\r\n')[0] ?? '';
      socket.end('HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The fixture's source, aimed at `port`. */
export function everyRouteSource(port: number): string {
  const source = readFileSync(EVERY_ROUTE_FIXTURE, 'utf8');
  if (!PORT_LINE.test(source)) throw new Error(`${EVERY_ROUTE_FIXTURE} has no "const PORT = <number>;" line`);
  return source.replace(PORT_LINE, `const PORT = ${port};`);
}

/**
 * What the fixture must print, in the CLI's thread and in the page's worker alike: no route is there, but
 * the evaluators refuse dynamic imports, the module's `require` refuses anything but tfjs, and the host
 * realm's Function constructor is disabled by lockdown.
 */
export const EVERY_ROUTE_EXPECTED = [
  'tf.util.fetch: absent',
  'tf.util.fetch, same origin: absent',
  'tf.io.http: absent',
  'tf.io.loadWeights: absent',
  'fetch: absent',
  'fetch, same origin: absent',
  'XMLHttpRequest: absent',
  'WebSocket: absent',
  'WebSocketStream: absent',
  'EventSource: absent',
  'WebTransport: absent',
  'importScripts: absent',
  'Worker: absent',
  'SharedWorker: absent',
  'navigator.sendBeacon: absent',
  'navigator.serviceWorker.register: absent',
  'caches: absent',
  'FontFace: absent',
  'Notification: absent',
  'RTCPeerConnection: absent',
  'BroadcastChannel: absent',
  'dynamic import through Function: refused (SyntaxError)',
  'dynamic import through eval: refused (SyntaxError)',
  "require('node:http'): refused (ImportError)",
  'process.binding: absent',
  'host Function through a tfjs function: refused (TypeError)',
];
