// The floor of a live update in this Chromium: measure A of web/bench/update.ts (CDP
// Performance.getMetrics deltas per update) on trivial plain-JS pages fed the dashboard's own
// snapshot (snapshot.json, a GET /lab body of `healthboard serve --seed 1`) once a second.
// Usage, from web/: npx vite-node bench/floor/bench.mjs [seconds=30] [runs=3] [indexes, e.g. 2,3]
import { loadavg, cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { DESKTOP, launchBrowser } from '../../e2e/harness.ts';
import { COUNT_SNAPSHOTS } from '../snapshotCounter.ts';
import { start } from './server.mjs';

const SECONDS = Number(process.argv[2] ?? 30);
const RUNS = Number(process.argv[3] ?? 3);
const ALL = [
  { name: '0 idle (no stream, per second)', p: 0, size: 'big' },
  { name: '1 receive 18 kB, nothing', p: 1, size: 'big' },
  { name: '2 18 kB parse + 1 text', p: 2, size: 'big' },
  { name: '3 18 kB parse + 60 texts', p: 3, size: 'big' },
  { name: '4 18 kB 60 texts + 4 canvases', p: 4, size: 'big' },
  { name: '1s receive 0.5 kB, nothing', p: 1, size: 'small' },
  { name: '2s 0.5 kB parse + 1 text', p: 2, size: 'small' },
  { name: '3c 60 texts, contain:strict', p: 3, size: 'big&c=1' },
  { name: '4c 3c + 4 canvases', p: 4, size: 'big&c=1' },
];
const CONFIGS = process.argv[4]
  ? ALL.filter((c, i) => process.argv[4].split(',').includes(String(i)))
  : ALL;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const snapshots = (page) => page.evaluate(() => window.__hbSnapshots);
async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function measure(origin, cfg) {
  const browser = await launchBrowser(); // the e2e tests' Chromium and flags
  try {
    const context = await browser.newContext({
      viewport: DESKTOP,
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    await page.addInitScript(COUNT_SNAPSHOTS);
    await page.goto(`${origin}/page?p=${cfg.p}&size=${cfg.size}`);
    if (cfg.p > 0) {
      const s0 = await snapshots(page);
      while ((await snapshots(page)) < s0 + 4) await sleep(100); // live, plus three more
    } else await sleep(4000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    const n0 = cfg.p > 0 ? await snapshots(page) : 0;
    const m0 = await metrics(cdp);
    const t0 = Date.now();
    await sleep(SECONDS * 1000);
    const m1 = await metrics(cdp);
    const n1 = cfg.p > 0 ? await snapshots(page) : Math.round((Date.now() - t0) / 1000);
    await cdp.send('Performance.disable');
    const updates = n1 - n0;
    const per = (k) => ((m1[k] - m0[k]) * 1000) / updates;
    const r = {
      updates,
      task: per('TaskDuration'),
      script: per('ScriptDuration'),
      style: per('RecalcStyleDuration'),
      layout: per('LayoutDuration'),
      cpu: per('ThreadTime'),
      layouts: (m1.LayoutCount - m0.LayoutCount) / updates,
      styles: (m1.RecalcStyleCount - m0.RecalcStyleCount) / updates,
    };
    r.other = r.task - r.script - r.style - r.layout;
    return r;
  } finally {
    await browser.close().catch(() => {});
  }
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
};
const f = (v) => v.toFixed(2).padStart(6);
const KEYS = ['task', 'script', 'style', 'layout', 'other', 'cpu', 'layouts', 'styles'];

const server = await start(0);
const origin = `http://127.0.0.1:${server.address().port}`;
console.log(
  `${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, ${SECONDS} s x ${RUNS} runs`,
);
console.log(
  'run config                          upd | ' +
    KEYS.map((k) => k.padStart(6)).join(' ') +
    ' | load1',
);
const results = {};
for (let run = 1; run <= RUNS; run++) {
  for (const cfg of CONFIGS) {
    const r = await measure(origin, cfg);
    r.load = loadavg()[0];
    (results[cfg.name] ??= []).push(r);
    console.log(
      `${run}   ${cfg.name.padEnd(30)} ${String(r.updates).padStart(4)} | ${KEYS.map((k) => f(r[k])).join(' ')} | ${r.load.toFixed(2)}`,
    );
  }
}
server.close();
server.closeAllConnections?.();
console.log(
  `\nmedian [min - max] of ${RUNS} runs, ms per update (load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}):`,
);
for (const cfg of CONFIGS) {
  const rs = results[cfg.name];
  const cell = (k) => {
    const v = rs.map((r) => r[k]);
    return `${median(v).toFixed(2)} [${Math.min(...v).toFixed(2)}-${Math.max(...v).toFixed(2)}]`;
  };
  console.log(
    `${cfg.name.padEnd(30)} | task ${cell('task')} | script ${cell('script')} | style ${cell('style')} | layout ${cell('layout')} | other ${cell('other')} | cpu ${cell('cpu')}`,
  );
}
if (process.env.HB_BENCH_RESULTS) {
  writeFileSync(process.env.HB_BENCH_RESULTS, JSON.stringify(results, null, 1));
}
