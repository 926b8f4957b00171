// `npm run bench:update`: the main-thread cost of one live update of the dashboard in Chromium,
// for the default lab. Starts the binary given by HB_BINARY, lets the lab run until the charts'
// 5-minute window is full, opens the dashboard at 1280x900, waits until it is live, then for
// each run and view measures live updates (one snapshot a second):
//
//   A. Chrome DevTools Protocol Performance.getMetrics: TaskDuration (all main-thread tasks),
//      ScriptDuration, RecalcStyleDuration, LayoutDuration, ThreadTime (main-thread CPU),
//      as deltas over HB_BENCH_SECONDS divided by the snapshots the page received. No tracing
//      on. The window is two minutes: a page that rewrites some 25 texts a second runs a major
//      garbage collection (about 3 to 12 ms of main-thread time) every 20 to 60 s, whenever
//      the heap of V8 and Blink together nears its limit, and V8's memory reducer adds one or
//      two after it; a 30 s window held none, one or two of them, which moved a page's figure
//      by up to a fifth from one run to the next.
//   B. A trace (Tracing domain) over another window, of HB_BENCH_TRACE_SECONDS: the main-thread busy
//      time between one snapshot and the next, per update, and its median / p95 / max, split
//      by the self time of the trace events (script, style, layout, paint, other).
//   C. From the same trace, per update: the main-thread tasks from the one that received the
//      snapshot to the end of the first frame after it that painted (BeginMainFrame: rAF
//      callbacks, style, layout, paint, commit), as wall time and as thread CPU time. Tasks
//      after that frame (idle-time garbage collection, timers) are not in C; they are in A and B.
//
// Views: "top" is the page as opened (SLO panel and service cards in view; charts below the
// fold are not redrawn by the page); "charts" is scrolled to the charts section (all twelve
// charts in view and redrawn on every update): the worst case.
//
// In each run the plain-JS floor of the same content (bench/floor, the page that parses the
// snapshot and updates 60 figures) is measured too, by A, in a browser of its own with the same
// set-up, over the same seconds as the dashboard's A; the dashboard's A ("top" view) over the
// floor's is the update-cost ratio, its median over the runs the figure (goal <= 1.25).
//
// With the page as opened ("top") a second floor is measured beside it, over the same seconds:
// the same-content floor, the dashboard's own DOM as the page shows it at that moment (captured
// from it, the same stylesheet, no script of the page's) kept live from the same GET /stream by
// hand-written DOM writes (bench/floor/sameContent.ts): the same page in plain JS. It reads the
// stream relayed half a second late, so that the two pages do not work in the same
// milliseconds. The page's A over its A is printed as a second figure, without a goal: how
// much of the gap is the framework, not the page's size and layout. After the window both
// pages' writes per update are counted and their texts compared.
//
// Settings (environment): HB_BENCH_RUNS (3), HB_BENCH_SECONDS (120), HB_BENCH_TRACE_SECONDS
// (30), HB_BENCH_WARMUP (300 s of lab history before the page opens; 0 for a fresh lab),
// HB_BENCH_VIEWS ("top,charts"), HB_BENCH_SEED (1), HB_BENCH_TRACE_DIR (save each trace there, to open in DevTools),
// HB_BENCH_URL (measure a server already running there instead of starting one: no warm-up
// wait, for quick iterations; the lab and its history are then whatever that server has),
// HB_BENCH_FLOOR (0: leave the floor out), HB_BENCH_SAME_FLOOR (0: leave the same-content
// floor out).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { DESKTOP, launchBrowser, openDashboard, serveWebDist, startLab } from '../e2e/harness';
import { relayLab, start as startFloor } from './floor/server.mjs';
import { COUNT_SNAPSHOTS } from './snapshotCounter';

const env = process.env;
const RUNS = Number(env.HB_BENCH_RUNS ?? 3);
const SECONDS = Number(env.HB_BENCH_SECONDS ?? 120);
const TRACE_SECONDS = Number(env.HB_BENCH_TRACE_SECONDS ?? 30);
const WARMUP = Number(env.HB_BENCH_WARMUP ?? 300);
const SEED = Number(env.HB_BENCH_SEED ?? 1);
const VIEWS = (env.HB_BENCH_VIEWS ?? 'top,charts').split(',').filter(Boolean) as View[];
const TRACE_DIR = env.HB_BENCH_TRACE_DIR;
const URL_GIVEN = env.HB_BENCH_URL;
const GOAL_MS = 4;
/** The page's update against the plain-JS floor of the same content, measured in the same run. */
const GOAL_RATIO = 1.25;
const FLOOR = env.HB_BENCH_FLOOR !== '0';
const SAME_FLOOR = env.HB_BENCH_SAME_FLOOR !== '0';

type View = 'top' | 'charts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const round = (v: number, digits = 2) => Number(v.toFixed(digits));

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
const median = (values: number[]) => quantile(values, 0.5);

const snapshots = (page: Page) =>
  page.evaluate(() => (window as unknown as { __hbSnapshots: number }).__hbSnapshots);

async function waitForSnapshots(page: Page, count: number): Promise<void> {
  const start = await snapshots(page);
  const deadline = Date.now() + 15_000 + count * 2000;
  while ((await snapshots(page)) < start + count) {
    if (Date.now() > deadline) throw new Error('no live updates: is the page connected?');
    await sleep(100);
  }
}

// ---- A: Performance.getMetrics ----------------------------------------------------------

interface MetricsResult {
  updates: number;
  /** Milliseconds per update. */
  task: number;
  script: number;
  style: number;
  layout: number;
  other: number;
  cpu: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function measureMetrics(page: Page, cdp: CDPSession): Promise<MetricsResult> {
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const n0 = await snapshots(page);
  const m0 = await metrics(cdp);
  await sleep(SECONDS * 1000);
  const m1 = await metrics(cdp);
  const n1 = await snapshots(page);
  await cdp.send('Performance.disable');
  const updates = n1 - n0;
  const per = (name: string) => ((m1[name]! - m0[name]!) * 1000) / updates;
  const task = per('TaskDuration');
  const script = per('ScriptDuration');
  const style = per('RecalcStyleDuration');
  const layout = per('LayoutDuration');
  return {
    updates,
    task,
    script,
    style,
    layout,
    other: task - script - style - layout,
    cpu: per('ThreadTime'),
  };
}

// ---- B: a trace ---------------------------------------------------------------------------

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { src_func?: string };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'toplevel',
  'v8.execute',
  '__metadata',
];

type Part = 'script' | 'style' | 'layout' | 'paint' | 'other';
const PARTS: Part[] = ['script', 'style', 'layout', 'paint', 'other'];

/** Which part of the work a trace event's self time is. */
function partOf(e: TraceEvent): Part {
  const n = e.name;
  if (
    /^(FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|FireIdleCallback|RunMicrotasks|EvaluateScript|v8\.|V8\.|MinorGC|MajorGC|BlinkScheduler_PerformMicrotaskCheckpoint)/.test(
      n,
    ) ||
    e.cat.includes('v8')
  ) {
    return 'script';
  }
  if (/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)/.test(n)) return 'style';
  if (/^(Layout|UpdateLayerTree|IntersectionObserverController|HitTest)/.test(n)) return 'layout';
  if (/^(Paint|PrePaint|Layerize|UpdateLayer|Commit|CompositeLayers|PaintImage|Decode)/.test(n)) {
    return 'paint';
  }
  return 'other';
}

interface TraceResult {
  updates: number;
  busy: number[];
  /** C, per update: wall and CPU ms from the snapshot's task to the end of its painted frame. */
  frameWall: number[];
  frameCpu: number[];
  /** Mean self time per update, by part, in ms. */
  parts: Record<Part, number>;
}

async function recordTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: object[] }) => events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  await sleep(TRACE_SECONDS * 1000);
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  return events;
}

function analyseTrace(events: TraceEvent[]): TraceResult {
  const marks = events.filter((e) => e.name === 'hb-snapshot').sort((a, b) => a.ts - b.ts);
  if (marks.length < 3) throw new Error(`only ${marks.length} snapshots in the trace`);
  const { pid, tid } = marks[0]!;
  const slices = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);

  // Top-level tasks (merged where they overlap) and the self time of every slice.
  const tasks: { start: number; end: number }[] = [];
  for (const e of slices) {
    if (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') continue;
    const last = tasks[tasks.length - 1];
    if (last && e.ts <= last.end) last.end = Math.max(last.end, e.ts + e.dur!);
    else tasks.push({ start: e.ts, end: e.ts + e.dur! });
  }
  const self: { e: TraceEvent; self: number }[] = [];
  const stack: { e: TraceEvent; self: number }[] = [];
  for (const e of slices) {
    while (stack.length && stack[stack.length - 1]!.e.ts + stack[stack.length - 1]!.e.dur! <= e.ts)
      stack.pop();
    const entry = { e, self: e.dur! };
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= Math.min(e.dur!, parent.e.ts + parent.e.dur! - e.ts);
    stack.push(entry);
    self.push(entry);
  }

  // An update runs from the start of the task that received snapshot i to that of snapshot i+1.
  const boundary = (ts: number) => tasks.find((t) => t.start <= ts && ts <= t.end)?.start ?? ts;
  const bounds = marks.map((m) => boundary(m.ts));
  const busy: number[] = [];
  const parts: Record<Part, number> = { script: 0, style: 0, layout: 0, paint: 0, other: 0 };
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const [from, to] = [bounds[i]!, bounds[i + 1]!];
    busy.push(
      tasks
        .filter((t) => t.start >= from && t.start < to)
        .reduce((s, t) => s + t.end - t.start, 0) / 1000,
    );
    for (const { e, self: s } of self) {
      if (e.ts >= from && e.ts < to) parts[partOf(e)] += s / 1000;
    }
  }
  const updates = busy.length;
  for (const p of PARTS) parts[p] /= updates;
  return { updates, busy, parts, ...untilFrame(marks, slices) };
}

/** C: for each snapshot, the scheduler tasks (ThreadControllerImpl::RunTask) from the one that
 * received it to the end of the first BeginMainFrame after it that has a Paint event in it. An
 * update whose frame comes after the next snapshot is left out (it would count two updates). */
function untilFrame(
  marks: TraceEvent[],
  slices: TraceEvent[],
): { frameWall: number[]; frameCpu: number[] } {
  const tasks = slices.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const paints = slices.filter((e) => e.name === 'Paint').map((e) => e.ts);
  const end = (e: TraceEvent) => e.ts + e.dur!;
  const isPaintedFrame = (e: TraceEvent) =>
    Boolean(e.args?.src_func?.includes('BeginMainFrame')) &&
    paints.some((ts) => ts >= e.ts && ts <= end(e));
  const frameWall: number[] = [];
  const frameCpu: number[] = [];
  for (let i = 0; i + 1 < marks.length; i += 1) {
    const [mark, next] = [marks[i]!, marks[i + 1]!];
    const first = tasks.find((t) => t.ts <= mark.ts && mark.ts <= end(t));
    const frame = tasks.find((t) => t.ts >= mark.ts && t.ts < next.ts && isPaintedFrame(t));
    if (!first || !frame) continue;
    const inUpdate = tasks.filter((t) => t.ts >= first.ts && t.ts <= frame.ts);
    frameWall.push(inUpdate.reduce((sum, t) => sum + t.dur!, 0) / 1000);
    frameCpu.push(inUpdate.reduce((sum, t) => sum + (t.tdur ?? t.dur!), 0) / 1000);
  }
  return { frameWall, frameCpu };
}

// ---- one run ------------------------------------------------------------------------------

interface RunResult {
  view: View;
  chartsInView: number;
  a: MetricsResult;
  /** A of the floor page over the same window, in a browser of its own (null: no floor). */
  floor: MetricsResult | null;
  /** A of the same-content floor over the same window (null: not measured). */
  same: MetricsResult | null;
  /** DOM writes per update (texts, attributes, nodes added or removed): page, same-content floor. */
  writes: [number, number] | null;
  /** Texts and attributes that differ between the page and the same-content floor. */
  differences: string[];
  b: TraceResult;
  live: boolean;
}

async function measure(
  url: string,
  view: View,
  run: number,
  floorOrigin: string | null,
  sameFloor: { script: string; origin: string } | null,
): Promise<RunResult> {
  const browser = await launchBrowser();
  const floor = floorOrigin ? await openFloor(floorOrigin) : null;
  let same: Opened | null = null;
  try {
    const { context, page } = await openDashboard(browser, url, DESKTOP, COUNT_SNAPSHOTS);
    // Charts drawn (history loaded and a sample in).
    await page.locator('[data-testid="chart-latency-ui-proxy"][data-last-p95]').waitFor();
    if (view === 'charts') {
      await page
        .getByRole('heading', { name: 'Last 5 minutes' })
        .evaluate((h) => h.closest('section')?.scrollIntoView({ block: 'start' }));
    }
    const chartsInView = await page.evaluate(
      () =>
        [...document.querySelectorAll('figure[data-testid^="chart-"]')].filter((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight;
        }).length,
    );
    if (sameFloor && view === 'top') {
      same = await openSameFloor(sameFloor.origin, await capture(page), sameFloor.script);
    }
    await waitForSnapshots(page, 3);
    const cdp = await context.newCDPSession(page);
    // The page and the floors over the same seconds: a swing of the machine's load hits all.
    const [a, floorA, sameA] = await Promise.all([
      measureMetrics(page, cdp),
      floor ? measureMetrics(floor.page, floor.cdp) : null,
      same ? measureMetrics(same.page, same.cdp) : null,
    ]);
    await floor?.close();
    const writes = same ? await countWrites([page, same.page]) : null;
    const differences = same ? await compareTexts(page, same.page) : [];
    await same?.close();
    const events = await recordTrace(cdp);
    if (TRACE_DIR) {
      writeFileSync(join(TRACE_DIR, `update-${view}-run${run}.json`), JSON.stringify(events));
    }
    const b = analyseTrace(events);
    const live =
      (await page.getByTestId('connection-status').getAttribute('data-state')) === 'live';
    return { view, chartsInView, a, floor: floorA, same: sameA, writes, differences, b, live };
  } finally {
    await floor?.close();
    await same?.close();
    await browser.close().catch(() => {});
  }
}

// ---- the floor: web/bench/floor's plain-JS page of the same content -------------------------

/** The floor page that parses the dashboard's snapshot and updates its 60 figures (page 3 of
 * bench/floor/bench.mjs), live, in a browser of its own with the dashboard's set-up. */
async function openFloor(origin: string): Promise<Opened> {
  return openLive(async () => `${origin}/page?p=3&size=big`);
}

/** A page in a browser of its own with the dashboard's set-up, live: `prepare` readies the
 * browser's context and answers the address to open; the page is open once it has counted four
 * snapshots. */
async function openLive(prepare: (context: BrowserContext) => Promise<string>): Promise<Opened> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
    const address = await prepare(context);
    const page = await context.newPage();
    await page.addInitScript(COUNT_SNAPSHOTS);
    await page.goto(address);
    await waitForSnapshots(page, 4);
    const cdp = await context.newCDPSession(page);
    return { page, cdp, close: () => browser.close().catch(() => {}) };
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

// ---- the same-content floor: the dashboard's DOM without React (bench/floor/sameContent.ts) --

interface Opened {
  page: Page;
  cdp: CDPSession;
  close: () => Promise<void>;
}

/** bench/floor/sameContent.ts and the formatters it imports, as one classic script. */
async function sameContentScript(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    root: here,
    publicDir: false,
    build: {
      write: false,
      minify: false,
      lib: { entry: join(here, 'floor/sameContent.ts'), formats: ['iife'], name: 'hbSameFloor' },
    },
  })) as { output: { code?: string }[] }[] | { output: { code?: string }[] };
  const code = (Array.isArray(out) ? out[0]! : out).output[0]?.code;
  if (!code) throw new Error('bench/floor/sameContent.ts: no script built');
  return code;
}

/** The dashboard's DOM as it is now, without its scripts: the same markup and stylesheet links. */
async function capture(page: Page): Promise<string> {
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  return `<!doctype html>${html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/g, '')}`;
}

const SAME_PATH = '/__bench-same-content-floor';

/** The same-content floor is served by a proxy of the lab (bench/floor/server.mjs's relayLab)
 * that passes GET /stream on half a second late: the floor gets the page's snapshots but does
 * not handle them in the same milliseconds as the page (every /stream client gets a snapshot at
 * once: the two pages' work, and their compositors', would fall on the same two cores at the
 * same moment each second and lengthen each other's tasks). */
const RELAY_DELAY_MS = 500;

/** The captured DOM with the same-content script, served on `origin` (the lab's proxy: its
 * GET /history and /stream, and the stylesheet from where the dashboard's comes), live, in a
 * browser of its own with the dashboard's set-up. */
async function openSameFloor(origin: string, html: string, script: string): Promise<Opened> {
  return openLive(async (context) => {
    await serveWebDist(context, origin);
    const body = html.replace(
      '</body>',
      `<script>${script.replace(/<\/script/g, '<\\/script')}</script></body>`,
    );
    await context.route(
      (u) => u.origin === origin && u.pathname === SAME_PATH,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
    );
    return origin + SAME_PATH;
  });
}

/** DOM writes per update over the next 5 snapshots, in each page (a MutationObserver's records:
 * texts, attributes, children). */
async function countWrites(pages: Page[]): Promise<[number, number]> {
  const counts = await Promise.all(
    pages.map((p) =>
      p.evaluate(
        () =>
          new Promise<number>((done) => {
            const w = window as unknown as { __hbSnapshots: number };
            const start = w.__hbSnapshots;
            let records = 0;
            const observer = new MutationObserver((list) => (records += list.length));
            observer.observe(document, {
              subtree: true,
              attributes: true,
              characterData: true,
              childList: true,
            });
            const timer = setInterval(() => {
              if (w.__hbSnapshots - start < 6) return;
              clearInterval(timer);
              observer.disconnect();
              done(records / (w.__hbSnapshots - start));
            }, 50);
          }),
      ),
    ),
  );
  return [counts[0]!, counts[1]!];
}

/** What both pages show, read at once: the visible text of the header, the SLO panel and each
 * card, and the attributes that change with the figures, each number as "#". Each page has a
 * stream of its own, whose snapshots come at another phase of the second: the numbers may be
 * of different snapshots, what is written where is compared. Returns the differences. */
async function compareTexts(page: Page, same: Page): Promise<string[]> {
  const read = (p: Page) =>
    p.evaluate(() => {
      const shown: Record<string, string> = {};
      const mask = (text: string) => text.replace(/\d+(\.\d+)?/g, '#');
      const parts = document.querySelectorAll(
        'header, [data-testid="slo-panel"], [data-testid^="service-card-"]',
      );
      parts.forEach((el, i) => {
        shown[el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}${i}`] = mask(
          (el as HTMLElement).innerText,
        );
      });
      for (const el of document.querySelectorAll('[data-value], [data-last-p95], time')) {
        const id = el.getAttribute('data-testid') ?? el.tagName;
        for (const name of ['data-value', 'data-last-p95', 'data-points', 'datetime']) {
          if (el.hasAttribute(name)) shown[`${id} ${name}`] = mask(el.getAttribute(name)!);
        }
      }
      return shown;
    });
  const [a, b] = await Promise.all([read(page), read(same)]);
  return Object.keys(a)
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k}: ${JSON.stringify(a[k])} / ${JSON.stringify(b[k])}`);
}

// ---- main ---------------------------------------------------------------------------------

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—').padStart(7);

function printHeader(): void {
  console.log(
    'run view    charts | A: upd   task  script   style  layout   other  cpu    ' +
      '| B: upd median    p95    max  script   style  layout   paint   other ' +
      '| C: upd  wall    p95    cpu',
  );
}

function printRow(label: string, r: RunResult): void {
  const { a, b } = r;
  console.log(
    `${label.padEnd(3)} ${r.view.padEnd(7)} ${String(r.chartsInView).padStart(6)} | ` +
      `${String(a.updates).padStart(5)}${fmt(a.task)}${fmt(a.script)}${fmt(a.style)}` +
      `${fmt(a.layout)}${fmt(a.other)}${fmt(a.cpu)} | ${String(b.updates).padStart(5)}` +
      `${fmt(median(b.busy))}${fmt(quantile(b.busy, 0.95))}${fmt(Math.max(...b.busy))}` +
      PARTS.map((p) => fmt(b.parts[p])).join('') +
      ` | ${String(b.frameWall.length).padStart(5)}${fmt(median(b.frameWall))}` +
      `${fmt(quantile(b.frameWall, 0.95))}${fmt(median(b.frameCpu))}` +
      (r.live ? '' : '  (page not live at the end!)'),
  );
}

async function waitForHistory(url: string, seconds: number): Promise<void> {
  const target = Math.min(seconds, 299);
  const started = Date.now();
  let last = -1;
  for (;;) {
    const response = await fetch(`${url}/history?window=5m`);
    const { t } = (await response.json()) as { t: number[] };
    if (t.length >= target) return;
    const elapsed = Math.floor((Date.now() - started) / 1000);
    if (elapsed - last >= 60) {
      console.log(`warming up: ${t.length} of ${target} s of history...`);
      last = elapsed;
    }
    await sleep(2000);
  }
}

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `runs ${RUNS}, ${SECONDS} s per measurement (trace ${TRACE_SECONDS} s), views ` +
      `${VIEWS.join(', ')}, ` +
      `${URL_GIVEN ? `server ${URL_GIVEN} (no warm-up)` : `warm-up ${WARMUP} s, seed ${SEED}`}, viewport ${DESKTOP.width}x${DESKTOP.height}`,
  );
  const lab = URL_GIVEN
    ? { url: URL_GIVEN.replace(/\/$/, ''), stop: async () => {} }
    : await startLab({ seed: SEED });
  const results: RunResult[] = [];
  const floor = FLOOR ? await startFloor(0) : null;
  const floorOrigin = floor ? `http://127.0.0.1:${floor.address().port}` : null;
  const relay =
    SAME_FLOOR && VIEWS.includes('top') ? await relayLab(lab.url, RELAY_DELAY_MS) : null;
  const sameFloor = relay
    ? {
        script: await sameContentScript(),
        origin: `http://127.0.0.1:${relay.address().port}`,
      }
    : null;
  try {
    if (!URL_GIVEN) await waitForHistory(lab.url, WARMUP);
    console.log(`lab ${lab.url}, load average ${loadavg()[0]!.toFixed(2)}; ms per update:`);
    printHeader();
    for (let run = 1; run <= RUNS; run += 1) {
      for (const view of VIEWS) {
        const result = await measure(lab.url, view, run, floorOrigin, sameFloor);
        results.push(result);
        printRow(String(run), result);
        const f = result.floor;
        if (f) {
          console.log(
            `${String(run).padEnd(3)} floor          | ${String(f.updates).padStart(5)}` +
              `${fmt(f.task)}${fmt(f.script)}${fmt(f.style)}${fmt(f.layout)}${fmt(f.other)}` +
              `${fmt(f.cpu)} | ratio ${round(result.a.task / f.task)}`,
          );
        }
        const s = result.same;
        if (s) {
          console.log(
            `${String(run).padEnd(3)} same           | ${String(s.updates).padStart(5)}` +
              `${fmt(s.task)}${fmt(s.script)}${fmt(s.style)}${fmt(s.layout)}${fmt(s.other)}` +
              `${fmt(s.cpu)} | ratio ${round(result.a.task / s.task)}` +
              (result.writes
                ? ` | writes per update: page ${round(result.writes[0], 1)}, same ${round(result.writes[1], 1)}`
                : ''),
          );
          for (const d of result.differences) console.log(`    differs (page / same): ${d}`);
        }
      }
    }
  } finally {
    await lab.stop();
    floor?.close();
    floor?.closeAllConnections?.();
    relay?.close();
    relay?.closeAllConnections?.();
  }

  console.log(`\nmedian over ${RUNS} runs (load average now ${loadavg()[0]!.toFixed(2)}):`);
  printHeader();
  for (const view of VIEWS) {
    const rs = results.filter((r) => r.view === view);
    const med = (f: (r: RunResult) => number) => median(rs.map(f));
    const row: RunResult = {
      view,
      floor: null,
      same: null,
      writes: null,
      differences: [],
      chartsInView: med((r) => r.chartsInView),
      live: rs.every((r) => r.live),
      a: {
        updates: med((r) => r.a.updates),
        task: med((r) => r.a.task),
        script: med((r) => r.a.script),
        style: med((r) => r.a.style),
        layout: med((r) => r.a.layout),
        other: med((r) => r.a.other),
        cpu: med((r) => r.a.cpu),
      },
      b: {
        updates: med((r) => r.b.updates),
        // Median / p95 / max of the pooled per-update figures of every run.
        busy: rs.flatMap((r) => r.b.busy),
        frameWall: rs.flatMap((r) => r.b.frameWall),
        frameCpu: rs.flatMap((r) => r.b.frameCpu),
        parts: Object.fromEntries(PARTS.map((p) => [p, med((r) => r.b.parts[p])])) as Record<
          Part,
          number
        >,
      },
    };
    row.b.updates = row.b.busy.length;
    printRow('med', row);
    const verdict = (ms: number) => (ms < GOAL_MS ? 'met' : 'NOT met');
    const c = median(row.b.frameWall);
    const floors = rs.flatMap((r) => (r.floor ? [r.floor] : []));
    if (floors.length) {
      const floorTask = median(floors.map((f) => f.task));
      // The median of the runs' ratios: each taken over one window of both pages.
      const ratio = median(rs.flatMap((r) => (r.floor ? [r.a.task / r.floor.task] : [])));
      console.log(
        `    ${view}: ${round(row.a.task)} ms per update (A) against ${round(floorTask)} ms for ` +
          `the plain-JS floor (60 figures, same seconds): median ratio ${round(ratio)}x, goal ` +
          `<= ${GOAL_RATIO}x`,
      );
      if (view === 'top') {
        const met = ratio <= GOAL_RATIO ? 'yes' : 'no';
        console.log(
          `RESULT|page update cost / plain-JS floor, same seconds (A, page as opened: ` +
            `${round(row.a.task, 1)} / ` +
            `${round(floorTask, 1)} ms)|<= ${GOAL_RATIO}|${round(ratio)}|${met}`,
        );
      }
    }
    const sames = rs.flatMap((r) => (r.same ? [r] : []));
    if (sames.length) {
      const sameTask = median(sames.map((r) => r.same!.task));
      const ratio = median(sames.map((r) => r.a.task / r.same!.task));
      const cpuRatio = median(sames.map((r) => r.a.cpu / r.same!.cpu));
      const differing = sames.reduce((n, r) => n + r.differences.length, 0);
      console.log(
        `    ${view}: against the same page in plain JS (the dashboard's DOM, same seconds): ` +
          `${round(row.a.task)} / ${round(sameTask)} ms, median ratio ${round(ratio)}x ` +
          `(CPU ${round(cpuRatio)}x; no goal: the share of the framework); ` +
          `${differing} texts differed after the windows`,
      );
    }
    console.log(
      `    ${view}: ${round(row.a.task)} ms of main-thread tasks per update (A), median ` +
        `${round(median(row.b.busy))} ms traced (B), median ${round(c)} ms from snapshot to ` +
        `painted frame (C, ${round(median(row.b.frameCpu))} ms CPU): goal under ${GOAL_MS} ms ` +
        `${verdict(row.a.task)} by A, ${verdict(c)} by C`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
