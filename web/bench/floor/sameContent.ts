// The same-content floor: the dashboard's own DOM, as captured from the page opened at 1280x900
// (bench/update.ts serves it with the same stylesheet and no React), kept live from the same
// GET /stream (relayed half a second late) by hand-written DOM writes. For each snapshot it
// writes what the dashboard writes for it in the page as opened: the clock (text and
// `datetime`), each card's rate, error ratio and p95, each pod's latency (text and
// `data-value`), error ratio and AGE, each latency chart's `data-last-p95` and `data-points`,
// and the lab SLO's measured values, budget, data notes and burn rates; each only when its text
// differs, as React does. The texts come from the dashboard's own pure formatters (src/lib), so
// both pages show the same characters.
//
// Not followed: what a healthy default lab does not change while it is measured (a pod's status,
// restarts or faults, new events, alerts, another SLO picked): bench/update.ts compares both
// pages' texts after the window and prints any difference.
import type { Lab, Pod, Sli } from '../../src/api/types';
import {
  formatBudget,
  formatBurn,
  formatClock,
  formatDataLength,
  formatExhaustedIn,
  formatMs,
  formatPercent,
  formatRate,
  isoTime,
} from '../../src/lib/format';
import { LEVEL_GLYPH, levelFor } from '../../src/lib/indicator';
import { formatAge } from '../../src/lib/kube';

const WINDOW_SECONDS = 300;
const MAX_SAMPLE_STEP_SECONDS = 2.5;

const byId = (id: string): HTMLElement | null =>
  document.querySelector(`[data-testid="${CSS.escape(id)}"]`);

/** Sets a text node's value when it differs (React writes a changed text the same way). */
function setText(node: Node | null | undefined, value: string): void {
  if (node && node.nodeValue !== value) node.nodeValue = value;
}
function setAttr(el: Element | null, name: string, value: string): void {
  if (el && el.getAttribute(name) !== value) el.setAttribute(name, value);
}
/** The text node of an element whose only child is text. */
const only = (el: Element | null): Node | null => el?.firstChild ?? null;
// The captured DOM was parsed from HTML, which joins adjacent text nodes: where the dashboard
// writes one of several texts React keeps apart (" 30d, " and "5 min of data"), this page writes
// the one joined text that holds it. One write either way.

// ---- what is bound, found once in the captured DOM -----------------------------------------

const clock = byId('last-update');

interface CardBinding {
  name: string;
  rate: Node | null;
  errors: Node | null;
  p95: Node | null;
  chart: HTMLElement | null;
}
const cards: CardBinding[] = [...document.querySelectorAll('[data-testid^="service-card-"]')].map(
  (card) => {
    const name = card.getAttribute('data-testid')!.slice('service-card-'.length);
    return {
      name,
      rate: only(card.querySelector('.live-rate')),
      errors: only(card.querySelector('.card-metrics .live-pct')),
      p95: only(card.querySelector('.card-metrics .live-ms')),
      chart: byId(`chart-latency-${name}`),
    };
  },
);

interface PodBinding {
  id: string;
  latency: HTMLElement | null;
  errors: Node | null;
  age: Node | null;
}
const pods = new Map<string, PodBinding>();
for (const row of document.querySelectorAll('[data-testid^="pod-row-"]')) {
  const id = row.getAttribute('data-testid')!.slice('pod-row-'.length);
  pods.set(id, {
    id,
    latency: byId(`pod-latency-${id}`),
    errors: only(byId(`pod-errors-${id}`)),
    age: only(byId(`pod-age-${id}`)),
  });
}

/** A BurnIndicator: its class and data-level, glyph and words. */
function setBurn(el: Element | null, rate: number | null | undefined, level?: string | null) {
  if (!el) return;
  const lvl = (level ?? levelFor(rate)) as keyof typeof LEVEL_GLYPH | null;
  const shown = lvl ?? 'none';
  setAttr(el, 'class', `burn burn-${shown}`);
  setAttr(el, 'data-level', shown);
  setText(el.firstChild?.firstChild, lvl ? LEVEL_GLYPH[lvl] : '–');
  setText(el.lastChild, lvl ? ` ${formatBurn(rate)} ${lvl}` : ' no data');
}

/** One SLI summary of the lab SLO (SliSummary): measured, budget, data notes, burn rates. */
function setSli(box: Element | undefined, sli: Sli, measured: string, sloWindow: string) {
  if (!box) return;
  const dds = box.querySelectorAll('.kv > div > dd');
  setText(only(dds[1] ?? null), measured);
  const budgetText = box.querySelector('.budget-text');
  if (budgetText && sli.budget_remaining !== null) {
    const exhausted =
      sli.budget_remaining > 0 ? formatExhaustedIn(sli.budget_exhausted_in_seconds) : '';
    setText(
      only(budgetText),
      formatBudget(sli.budget_remaining) + (exhausted ? ` · ${exhausted}` : ''),
    );
    const bar = box.querySelector<HTMLElement>('.budget-bar > span');
    const width = `${Math.min(100, Math.max(0, sli.budget_remaining * 100))}%`;
    if (bar && bar.style.width !== width) bar.style.width = width;
  }
  const budgetData = box.querySelector('.budget-data');
  if (budgetData) {
    setText(
      only(budgetData),
      ` ${sloWindow}, ${formatDataLength(sloWindow, sli.data_seconds[sloWindow])}`,
    );
  }
  const burns = box.querySelectorAll('.burns > li');
  Object.keys(sli.burn_rate).forEach((window, i) => {
    const li = burns[i];
    if (!li) return;
    setText(
      only(li.querySelector('.burn-window .muted')),
      `, ${formatDataLength(window, sli.data_seconds[window])}`,
    );
    setBurn(li.querySelector('.burn'), sli.burn_rate[window]);
  });
}

// ---- the chart series' time axis (data-points) and newest p95 (data-last-p95) ---------------

let times: number[] = [];
const lastP95 = new Map<string, number | null>();

function addSample(t: number, p95: Map<string, number | null>): void {
  const last = times[times.length - 1];
  if (last !== undefined && !(t > last)) return;
  if (last !== undefined && t - last > MAX_SAMPLE_STEP_SECONDS) {
    times.push(last + 1);
    for (const name of lastP95.keys()) lastP95.set(name, null);
  }
  times.push(t);
  const cutoff = t - WINDOW_SECONDS;
  let start = 0;
  while (start < times.length && times[start]! < cutoff) start += 1;
  if (start) times = times.slice(start);
  for (const card of cards) lastP95.set(card.name, p95.get(card.name) ?? null);
}

// ---- one snapshot ---------------------------------------------------------------------------

function update(lab: Lab): void {
  setText(only(clock), formatClock(lab.timestamp));
  setAttr(clock, 'datetime', isoTime(lab.timestamp));

  if (lab.sample) {
    addSample(
      lab.sample.t,
      new Map(lab.sample.services.map((s) => [s.name, s.latency_p95_ms ?? null])),
    );
  }
  for (const card of cards) {
    const service = lab.services.find((s) => s.name === card.name);
    if (!service) continue;
    setText(card.rate, formatRate(service.request_rate));
    setText(card.errors, formatPercent(service.error_ratio));
    setText(card.p95, formatMs(service.latency_p95_ms));
    setAttr(card.chart, 'data-last-p95', String(lastP95.get(card.name) ?? ''));
    setAttr(card.chart, 'data-points', String(times.length));
  }
  for (const pod of lab.pods as Pod[]) {
    const b = pods.get(pod.id);
    if (!b) continue;
    setText(only(b.latency), formatMs(pod.latency_ms));
    setAttr(b.latency, 'data-value', String(pod.latency_ms ?? ''));
    setText(b.errors, formatPercent(pod.error_ratio));
    setText(b.age, formatAge(pod.age_seconds));
  }

  const { slo } = lab;
  const entry = slo.slos.find((s) => s.name === 'lab') ?? slo.slos[0];
  setBurn(byId('burn-indicator'), slo.burn_rate_5m, slo.indicator);
  setBurn(byId('burn-indicator-latency'), entry?.latency.burn_rate['5m']);
  if (entry) {
    const boxes = document.querySelectorAll(`[data-testid="slo-${entry.name}"] > .sli`);
    setSli(boxes[0], entry.availability, formatPercent(entry.availability.sli, 3), entry.window);
    setSli(
      boxes[1],
      entry.latency,
      `${formatPercent(entry.latency.sli)} within target · p95 ${formatMs(entry.latency_p95_ms)}`,
      entry.window,
    );
  }
}

// The chart axis starts from the history, as the dashboard's does; then the stream.
void fetch('/history?window=5m')
  .then((r) => r.json())
  .then((h: { t: number[]; services: { name: string; latency_p95_ms: (number | null)[] }[] }) => {
    times = h.t.slice();
    for (const s of h.services)
      lastP95.set(s.name, s.latency_p95_ms[s.latency_p95_ms.length - 1] ?? null);
  })
  .finally(() => {
    const stream = new EventSource('/stream');
    stream.addEventListener('snapshot', (e) =>
      update(JSON.parse((e as MessageEvent<string>).data) as Lab),
    );
  });
