import { launchBrowser, openDashboard } from '../e2e/harness';
const browser = await launchBrowser();
const { context, page } = await openDashboard(browser, 'http://127.0.0.1:18600');
await new Promise((r) => setTimeout(r, 3000));
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await new Promise((r) => setTimeout(r, 20000));
const { profile } = await cdp.send('Profiler.stop');
const self = new Map<string, number>();
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = new Map<string, number>();
const dt = profile.timeDeltas ?? [];
(profile.samples ?? []).forEach((id, i) => {
  const d = (dt[i] ?? 0) / 1000;
  const n = nodes.get(id)!;
  const key = (m: typeof n) => `${m.callFrame.functionName || '(anon)'}:${m.callFrame.lineNumber}`;
  self.set(key(n), (self.get(key(n)) ?? 0) + d);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(nodes.get(cur)!);
    if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) ?? 0) + d); }
  }
});
const show = (m: Map<string, number>) => [...m.entries()].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${(v / 20).toFixed(2).padStart(6)} ms/upd ${k}`).join('\n');
console.log('SELF\n' + show(self));
console.log('TOTAL\n' + show(total));
await browser.close();
