// Types of server.mjs for the TypeScript benchmarks (bench/update.ts).
export interface FloorServer {
  address(): { port: number };
  close(): void;
  closeAllConnections?(): void;
}

/** Relays the lab's GET /stream (at labUrl) on 127.0.0.1, each chunk delayMs later, with CORS. */
export function relayStream(labUrl: string, delayMs: number): Promise<FloorServer>;

/** Serves the floor pages (GET /page?p=N&size=...) and their stream on 127.0.0.1. */
export function start(port?: number): Promise<FloorServer>;
