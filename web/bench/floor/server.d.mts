// Types of server.mjs for the TypeScript benchmarks (bench/update.ts).
export interface FloorServer {
  address(): { port: number };
  close(): void;
  closeAllConnections?(): void;
}

/** The lab at labUrl behind a proxy on 127.0.0.1: GET /stream's chunks each delayMs late. */
export function relayLab(labUrl: string, delayMs: number): Promise<FloorServer>;

/** Serves the floor pages (GET /page?p=N&size=...) and their stream on 127.0.0.1. */
export function start(port?: number): Promise<FloorServer>;
