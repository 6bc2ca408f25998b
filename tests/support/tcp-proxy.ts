import net from "node:net";
import { parse } from "pg-connection-string";

/**
 * A TCP proxy in front of a server (host and port, or a Unix socket path) that a test can take
 * down and bring back: down closes every connection through it and refuses new ones, as a database
 * server does while it restarts.
 */
export async function startTcpProxy(target: { host: string; port: number } | { path: string }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  const listen = (port = 0) => new Promise<number>((resolve) => server.listen(port, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
  const port = await listen();
  return {
    port,
    /** Every connection cut, new ones refused. */
    async down() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    /** Accepting connections again, on the same port. */
    async up() {
      await listen(port);
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Where a PostgreSQL URL points: host and port, or the Unix socket of `?host=/dir`. */
export function postgresTarget(url: string): { host: string; port: number } | { path: string } {
  const { host, port } = parse(url);
  const number = Number(port) || 5432;
  if (host?.startsWith("/")) return { path: `${host}/.s.PGSQL.${number}` };
  return { host: host || "127.0.0.1", port: number };
}

/** The same database, as the same user, reached through the proxy on loopback. */
export function throughProxy(url: string, proxyPort: number): string {
  const { user, password, database } = parse(url);
  const credentials = user ? `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ""}@` : "";
  return `postgresql://${credentials}127.0.0.1:${proxyPort}/${encodeURIComponent(database ?? "")}`;
}
