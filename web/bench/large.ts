// `npm run bench:large`: the dashboard on a large lab in Chromium at 1400x1000. Needs a server
// already running the lab (HB_BENCH_URL; bench/web/bench.sh starts one with
// bench/web/lab-100x100.yaml). For each run it opens the page in a fresh browser and measures:
//
//   - time to live: from navigation to the page showing live data (connection live, SLO panel);
//   - DOM size once live and settled: elements, and all nodes (elements, text, comments) in the
//     document, as the page opened, with one service's pods shown, and scrolled to the charts;
//   - main-thread busy share: CDP Performance.getMetrics TaskDuration (every main-thread task)
//     over HB_BENCH_SECONDS of live updates, divided by the wall time.
//
// Prints one line per run, the medians, and RESULT|figure|goal|measured|yes/no lines for
// bench/run.sh. Settings: HB_BENCH_URL (required), HB_BENCH_RUNS (3), HB_BENCH_SECONDS (20);
// HB_WEB_DIST, a `vite build` output, serves the page's own files (the API still the server's).
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, serveWebDist, type Viewport } from '../e2e/harness';
import { COUNT_SNAPSHOTS } from './snapshotCounter';

const env = process.env;
const URL_GIVEN = env.HB_BENCH_URL;
const RUNS = Number(env.HB_BENCH_RUNS ?? 3);
const SECONDS = Number(env.HB_BENCH_SECONDS ?? 20);
const VIEWPORT: Viewport = { width: 1400, height: 1000 };
const GOALS = { liveSeconds: 10, nodes: 5000, busy: 0.25 };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(mid)] ?? NaN) + (sorted[Math.ceil(mid)] ?? NaN)) / 2;
}

interface DomSize {
  elements: number;
  nodes: number;
}

const domSize = (page: Page): Promise<DomSize> =>
  page.evaluate(() => {
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let nodes = 0;
    while (walker.nextNode()) nodes += 1;
    return { elements: document.getElementsByTagName('*').length, nodes };
  });

const snapshots = (page: Page) =>
  page.evaluate(() => (window as unknown as { __hbSnapshots: number }).__hbSnapshots);

async function waitForSnapshots(page: Page, count: number): Promise<void> {
  const start = await snapshots(page);
  const deadline = Date.now() + 10_000 + count * 2000;
  while ((await snapshots(page)) < start + count) {
    if (Date.now() > deadline) throw new Error('no live updates: is the page connected?');
    await sleep(100);
  }
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

interface RunResult {
  liveSeconds: number;
  opened: DomSize;
  podsShown: DomSize;
  chartsShown: DomSize;
  busy: number;
  updates: number;
}

async function measure(url: string): Promise<RunResult> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await serveWebDist(context, new URL(url).origin);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.addInitScript(COUNT_SNAPSHOTS);
    const started = Date.now();
    await page.goto(url);
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
    await page.getByTestId('slo-panel').waitFor();
    const liveSeconds = (Date.now() - started) / 1000;

    await waitForSnapshots(page, 3);
    const opened = await domSize(page);

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    const n0 = await snapshots(page);
    const t0 = await taskSeconds(cdp);
    const wall0 = Date.now();
    await sleep(SECONDS * 1000);
    const t1 = await taskSeconds(cdp);
    const wall = (Date.now() - wall0) / 1000;
    const updates = (await snapshots(page)) - n0;
    await cdp.send('Performance.disable');

    // One service's pods shown: the first card's.
    await page.locator('#services-title').scrollIntoViewIfNeeded();
    const first = page.locator('[data-testid^="service-card-"]').first();
    await first.getByRole('button', { name: /^Show the pods of / }).click();
    await page.locator('[data-testid^="pod-row-"]').first().waitFor();
    await waitForSnapshots(page, 2);
    const podsShown = await domSize(page);

    // Scrolled to the charts: the services' charts in view are mounted.
    await page.getByRole('heading', { name: 'Last 5 minutes' }).scrollIntoViewIfNeeded();
    await page.locator('figure[data-testid^="chart-latency-"]').first().waitFor();
    await waitForSnapshots(page, 2);
    const chartsShown = await domSize(page);
    return { liveSeconds, opened, podsShown, chartsShown, busy: (t1 - t0) / wall, updates };
  } finally {
    await browser.close().catch(() => {});
  }
}

async function main(): Promise<void> {
  if (!URL_GIVEN) throw new Error('HB_BENCH_URL is not set: see bench/web/bench.sh');
  const url = URL_GIVEN.replace(/\/$/, '');
  const lab = (await (await fetch(`${url}/services`)).json()) as {
    services: { pods_total: number }[];
  };
  const pods = lab.services.reduce((n, s) => n + s.pods_total, 0);
  console.log(
    `lab ${url}: ${lab.services.length} services, ${pods} pods; viewport ` +
      `${VIEWPORT.width}x${VIEWPORT.height}, ${RUNS} runs, ${SECONDS} s of updates each; ` +
      `page from ${env.HB_WEB_DIST ?? 'the server'}`,
  );
  console.log(
    'run  live(s)  elements  nodes | pods shown: elements  nodes | charts: elements  nodes ' +
      '| busy  updates',
  );
  const results: RunResult[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const r = await measure(url);
    results.push(r);
    console.log(
      `${String(run).padEnd(4)} ${r.liveSeconds.toFixed(2).padStart(7)} ` +
        `${String(r.opened.elements).padStart(9)} ${String(r.opened.nodes).padStart(6)}  | ` +
        `${String(r.podsShown.elements).padStart(20)} ${String(r.podsShown.nodes).padStart(6)} | ` +
        `${String(r.chartsShown.elements).padStart(16)} ${String(r.chartsShown.nodes).padStart(6)} | ` +
        `${(r.busy * 100).toFixed(1).padStart(4)} % ${String(r.updates).padStart(4)}`,
    );
  }
  const live = median(results.map((r) => r.liveSeconds));
  const nodes = Math.max(
    ...results.flatMap((r) => [r.opened.nodes, r.podsShown.nodes, r.chartsShown.nodes]),
  );
  const busy = median(results.map((r) => r.busy));
  const met = (ok: boolean) => (ok ? 'yes' : 'no');
  const label = `${(pods / 1000).toFixed(0)}k pods`;
  console.log(
    `RESULT|page at ${label}: time to live (median)|<= ${GOALS.liveSeconds} s|${live.toFixed(2)} s|${met(live <= GOALS.liveSeconds)}`,
  );
  console.log(
    `RESULT|page at ${label}: DOM nodes (most seen: opened, pods shown, charts)|<= ${GOALS.nodes}|${nodes}|${met(nodes <= GOALS.nodes)}`,
  );
  console.log(
    `RESULT|page at ${label}: main thread busy (median)|<= ${GOALS.busy * 100} %|${(busy * 100).toFixed(1)} %|${met(busy <= GOALS.busy)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
