// The few Node.js APIs the browser tests and benchmarks use, typed here so that the web project
// needs no @types/node (the page itself must never see Node globals: this file is only in
// tsconfig.e2e.json).

interface NodeReadable {
  setEncoding(encoding: 'utf8'): void;
  on(event: 'data', listener: (chunk: string) => void): void;
  pipe<T>(destination: T, options?: { end?: boolean }): T;
}

interface NodeWritable {
  write(chunk: string): boolean;
  end(callback?: () => void): void;
}

declare var process: {
  env: Record<string, string | undefined>;
  argv: string[];
  exitCode: number | undefined;
  platform: string;
  cwd(): string;
  on(event: 'exit', listener: () => void): void;
  stdout: NodeWritable;
};

declare module 'node:child_process' {
  export interface ChildProcess {
    readonly pid: number | undefined;
    readonly exitCode: number | null;
    readonly signalCode: string | null;
    readonly stdout: NodeReadable;
    readonly stderr: NodeReadable;
    kill(signal?: 'SIGTERM' | 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): boolean;
    once(event: 'exit', listener: (code: number | null, signal: string | null) => void): this;
    once(event: 'error', listener: (error: Error) => void): this;
    on(event: 'exit', listener: (code: number | null, signal: string | null) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    off(event: 'exit' | 'error', listener: (...args: never[]) => void): this;
  }
  export function execFileSync(
    file: string,
    args: readonly string[],
    options?: { maxBuffer?: number; stdio?: ('ignore' | 'pipe' | 'inherit')[] },
  ): Uint8Array;
  export function spawn(
    command: string,
    args: readonly string[],
    options?: {
      stdio?: ('ignore' | 'pipe' | 'inherit')[];
      env?: Record<string, string | undefined>;
    },
  ): ChildProcess;
}

declare module 'node:fs' {
  export interface Stats {
    isFile(): boolean;
    isDirectory(): boolean;
    size: number;
    mtimeMs: number;
  }
  export const constants: { X_OK: number; R_OK: number };
  export function existsSync(path: string): boolean;
  export function statSync(path: string): Stats;
  export function accessSync(path: string, mode?: number): void;
  export function mkdirSync(path: string, options?: { recursive?: boolean }): void;
  export function mkdtempSync(prefix: string): string;
  export function rmSync(path: string, options?: { recursive?: boolean; force?: boolean }): void;
  export function readdirSync(path: string): string[];
  export function readFileSync(path: string): Uint8Array;
  export function readFileSync(path: string, encoding: 'utf8'): string;
  export function writeFileSync(path: string, data: string | Uint8Array): void;
  export function createWriteStream(path: string): NodeWritable;
}

declare module 'node:path' {
  export function join(...parts: string[]): string;
  export function resolve(...parts: string[]): string;
  export function dirname(path: string): string;
  export function basename(path: string): string;
  export function extname(path: string): string;
  export function relative(from: string, to: string): string;
}

declare module 'node:url' {
  export function fileURLToPath(url: string | URL): string;
}

declare module 'node:zlib' {
  export function gzipSync(data: Uint8Array, options?: { level?: number }): Uint8Array;
}

declare module 'node:os' {
  export function tmpdir(): string;
  export function cpus(): { model: string }[];
  export function loadavg(): number[];
  export function totalmem(): number;
}
