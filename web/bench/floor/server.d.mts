// Types of server.mjs for the TypeScript benchmarks (bench/update.ts).
export interface FloorServer {
  address(): { port: number };
  close(): void;
  closeAllConnections?(): void;
}

/** Serves the floor pages (GET /page?p=N&size=...) and their stream on 127.0.0.1. */
export function start(port?: number): Promise<FloorServer>;
