// The plumbing shared by the browser tests (e2e/) and the benchmarks (bench/): where the binary,
// Chromium and the artefacts are, a healthboard server on an ephemeral port, and a headless
// Chromium. Nothing here depends on Vitest.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(WEB_DIR, '..');

/** Debian's Chromium (installed by scripts/bootstrap.sh). Browsers are never downloaded. */
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in CI
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these Chromium keeps trying to reach Google services on a closed network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function checkExecutable(path: string, what: string, hint: string): string {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isFile()) {
    throw new Error(`${what} ${path}: no such file. ${hint}`);
  }
  try {
    accessSync(full, constants.X_OK);
  } catch {
    throw new Error(`${what} ${path} is not executable. ${hint}`);
  }
  return full;
}

/** The healthboard binary under test, from HB_BINARY; throws a clear message without it. */
export function binaryPath(): string {
  const path = process.env.HB_BINARY;
  const hint =
    'Set HB_BINARY to the healthboard binary, e.g. `HB_BINARY=$PWD/../build/healthboard ' +
    'npm run test:e2e` from web/ after `make build` (ctest sets it by itself).';
  if (!path) throw new Error(`HB_BINARY is not set. ${hint}`);
  return checkExecutable(path, 'HB_BINARY', hint);
}

/** Chromium's executable: HB_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return checkExecutable(
    process.env.HB_CHROMIUM ?? DEFAULT_CHROMIUM,
    'Chromium',
    "Install Debian's `chromium` package (scripts/bootstrap.sh does) or set HB_CHROMIUM.",
  );
}

/** Where screenshots and server logs go: HB_E2E_ARTIFACTS, else <repo>/test-artifacts/e2e. */
export function artifactsDir(): string {
  const dir = resolve(process.env.HB_E2E_ARTIFACTS ?? join(REPO_DIR, 'test-artifacts', 'e2e'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface LabServer {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** The port it listens on (give it to the next server to restart "the same" server). */
  readonly port: number;
  /** SIGSTOP: the server freezes (connections stay open, nothing is answered) until resume(). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** The last few kilobytes of the server's output, for error messages. */
  output(): string;
  /** SIGKILL, as a crash: no chance to save or to close anything; resolves once it has exited.
   * stop() still closes the log and removes the temporary data directory afterwards. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited after 5 s. Safe to call twice. */
  stop(): Promise<void>;
}

export interface LabOptions {
  seed?: number;
  /** Port to listen on; default 0 (a free one). */
  port?: number;
  /** Extra `serve` arguments, e.g. ['--slo-window', '1h']. */
  args?: readonly string[];
  /** File to write the server's stdout and stderr to (the lab logs every event on stderr). */
  logFile?: string;
  /** How long to wait for "listening on"; default 20 s. */
  startTimeoutMs?: number;
  /** The --data-dir the lab is kept in; default a new temporary one, removed by stop(). */
  dataDir?: string;
}

// Every server still running, killed when this process exits whatever the reason.
const running = new Set<ChildProcess>();
let exitHook = false;

function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/** Starts `healthboard serve` on 127.0.0.1 with a free port and resolves once it listens. */
export async function startLab(options: LabOptions = {}): Promise<LabServer> {
  const binary = binaryPath();
  const port = String(options.port ?? 0);
  const args = [
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    port,
    '--seed',
    String(options.seed ?? 1),
  ];
  const tempDataDir = options.dataDir ? null : mkdtempSync(join(tmpdir(), 'hb-e2e-'));
  args.push('--data-dir', options.dataDir ?? tempDataDir!);
  args.push(...(options.args ?? []));
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);

  let tail = '';
  const log = options.logFile ? createWriteStream(options.logFile) : null;
  const keep = (chunk: string) => {
    tail = (tail + chunk).slice(-8000);
    log?.write(chunk);
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  // Both pipes are always drained: a full pipe would block the server.
  child.stderr.on('data', keep);

  let stdout: string | undefined = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const limit = options.startTimeoutMs ?? 20_000;
    const timer = setTimeout(() => fail(`did not say "listening on" within ${limit} ms`), limit);
    const onError = (error: Error) => fail(`could not start: ${error.message}`);
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited early (code ${code}, signal ${signal})`);
    function settle() {
      clearTimeout(timer);
      child.off('error', onError);
      child.off('exit', onExit);
    }
    function fail(why: string) {
      settle();
      child.kill('SIGKILL');
      if (tempDataDir) rmSync(tempDataDir, { recursive: true, force: true });
      reject(new Error(`healthboard ${args.join(' ')} ${why}.\nIts output:\n${tail}`));
    }
    child.once('error', onError);
    child.once('exit', onExit);
    child.stdout.on('data', (chunk) => {
      keep(chunk);
      if (stdout === undefined) return;
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        settle();
        stdout = undefined;
        resolveUrl(match[1]);
      }
    });
  });

  let stopping: Promise<void> | null = null;
  let killing: Promise<void> | null = null;
  return {
    url,
    port: Number(new URL(url).port),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    output: () => tail,
    kill() {
      killing ??= (async () => {
        child.kill('SIGKILL'); // a paused server dies too
        if (!(await waitForExit(child, 10_000))) {
          throw new Error(`healthboard (pid ${child.pid}) still runs 10 s after SIGKILL`);
        }
      })();
      return killing;
    },
    stop() {
      stopping ??= (async () => {
        child.kill('SIGTERM');
        child.kill('SIGCONT'); // a paused server handles SIGTERM once it runs again
        if (!(await waitForExit(child, 5000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5000);
        }
        await new Promise<void>((done) => (log ? log.end(done) : done()));
        if (tempDataDir) rmSync(tempDataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/** Headless Debian Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

export interface Viewport {
  width: number;
  height: number;
}

export const DESKTOP: Viewport = { width: 1280, height: 900 };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * With HB_WEB_DIST set (a `vite build` output directory), the page's own files (`/`,
 * `/index.html`, `/assets/...`) are answered from there instead of the copy compiled into the
 * binary, and the API still comes from the binary: a dashboard change can be tested and
 * measured without rebuilding the C++ server. Unset, nothing is intercepted.
 */
export async function serveWebDist(context: BrowserContext, origin: string): Promise<void> {
  const dist = process.env.HB_WEB_DIST;
  if (!dist) return;
  const root = resolve(dist);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`HB_WEB_DIST ${dist} has no index.html: run \`npx vite build --outDir ...\``);
  }
  await context.route(
    (url) =>
      url.origin === origin &&
      (url.pathname === '/' ||
        url.pathname === '/index.html' ||
        url.pathname.startsWith('/assets/')),
    async (route) => {
      const { pathname } = new URL(route.request().url());
      const file = join(root, pathname === '/' ? 'index.html' : pathname);
      if (!file.startsWith(root) || !existsSync(file)) {
        await route.fulfill({ status: 404, body: 'not in HB_WEB_DIST' });
        return;
      }
      await route.fulfill({
        status: 200,
        contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        body: readFileSync(file),
      });
    },
  );
}

/** A fresh context and page on the dashboard, resolved once the page shows live data. */
export async function openDashboard(
  browser: Browser,
  url: string,
  viewport: Viewport = DESKTOP,
  initScript?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await serveWebDist(context, new URL(url).origin);
  const page = await context.newPage();
  // Every locator action and wait is bounded; tests poll with their own timeouts on top.
  page.setDefaultTimeout(15_000);
  if (initScript) await page.addInitScript(initScript);
  await page.goto(url);
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
  return { context, page };
}
