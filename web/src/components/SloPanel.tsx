import { memo, useId } from 'react';
import type { Sli, Slo, SloEntry, WindowValues } from '../api/types';
import { formatDataLength, formatExhaustedIn, formatMs, formatPercent, isNum } from '../lib/format';
import { equal } from '../lib/equal';
import { AlertsList } from './AlertsList';
import { BurnIndicator } from './BurnIndicator';
import { SliSummary, type SliSummaryProps } from './SliSummary';

interface Props {
  slo: Slo;
  /** The name of the SLO shown; the first is shown when none has that name. */
  selected: string;
  /** Another SLO picked. */
  onSelect: (name: string) => void;
  /** Alerts listed at most (the rest are counted); all when absent. */
  alertLimit?: number;
}

/**
 * A value rounded to the digits it is shown with, so that a new snapshot whose value reads the
 * same leaves the view equal (burn rates and budgets move a little with every snapshot of a lab
 * that has seen errors). Unrounded where it would round onto one of `bounds`, where rounding
 * could change what else is drawn from it (a burn rate's level, a budget's colour).
 */
const shown = <T extends number | null | undefined>(value: T, digits: number, bounds: number[]) => {
  const rounded = isNum(value) ? +value.toFixed(digits) : value;
  return (bounds.includes(rounded as number) ? value : rounded) as T;
};

/** A burn rate (never negative) as formatBurn shows it: one decimal from 10, else two. Its level
 * changes at 1 and above 2. */
const shownBurn = (rate: number | null | undefined) => shown(rate, rate! >= 10 ? 1 : 2, [1, 2]);

/** The figures of an SLI as its summary shows them; `window`: the SLO's. */
function figures(sli: Sli, window: string) {
  const notes: WindowValues<string> = {};
  const burnRates: WindowValues = {};
  for (const w in sli.data_seconds) notes[w] = formatDataLength(w, sli.data_seconds[w]);
  for (const w in sli.burn_rate) burnRates[w] = shownBurn(sli.burn_rate[w]) as number | null;
  return {
    // Shown as a percentage with one decimal; spent at 0, its colour changes above 0.2 and 0.5.
    budgetRemaining: shown(sli.budget_remaining, 3, [0, 0.2, 0.5]),
    budgetExhaustedIn: formatExhaustedIn(sli.budget_exhausted_in_seconds),
    burnRates,
    notes,
    sloWindow: window,
  };
}

/** An SLO's two SLI summaries, as shown: their props. */
const summaries = ({
  availability,
  latency,
  latency_p95_ms,
  window,
}: SloEntry): SliSummaryProps[] => [
  {
    title: 'Availability',
    target: formatPercent(availability.target),
    measured: formatPercent(availability.sli, 3),
    ...figures(availability, window),
  },
  {
    title: 'Latency',
    target: `${formatPercent(latency.target)} within ${formatMs(latency.threshold_ms)}`,
    measured: `${formatPercent(latency.sli)} within target · p95 ${formatMs(latency_p95_ms)}`,
    ...figures(latency, window),
  },
];

/**
 * Everything the panel shows (but the alert limit), from the SLOs and the name picked: the panel
 * renders from it, so two snapshots' SLOs whose views are equal (lib/equal) show the same panel.
 * Their request counts and data seconds, which change with every snapshot, are not in it (the
 * data as the panel words it is), their burn rates and budgets only to the digits shown, and
 * nothing of the SLOs not shown.
 */
export function sloView(slo: Slo, selected: string) {
  const entry = slo.slos.find((s) => s.name === selected) ?? slo.slos[0];
  const alerts = slo.alerts_firing;
  return {
    burn: shownBurn(slo.burn_rate_5m),
    level: slo.indicator,
    // Alerts fire on either SLI: both burn rates are shown, each named.
    latencyBurn: shownBurn(slo.slos.find((s) => s.name === 'lab')?.latency.burn_rate['5m'] ?? null),
    names: slo.slos.map((s) => s.name),
    window: slo.window,
    name: entry?.name,
    summaries: entry && summaries(entry),
    alerts,
    // The time only matters to "since … ago" of alerts: without any, it changes nothing.
    now: alerts.length ? slo.timestamp : undefined,
  };
}

/** SLOs of the lab and of each service (one shown at a time), and the alerts firing. Not
 * memoised: the page renders it when its view (sloView) changed. */
export function SloPanel({ slo, selected, onSelect, alertLimit }: Props) {
  const selectId = useId();
  const view = sloView(slo, selected);
  return (
    <section className="panel slo-panel" data-testid="slo-panel" aria-labelledby="slo-title">
      <div className="panel-head">
        <h2 id="slo-title">Service level objectives</h2>
        <p>
          Lab burn rate (5m): availability{' '}
          <BurnIndicator rate={view.burn} level={view.level} testId="burn-indicator" />
          {' · '}latency <BurnIndicator rate={view.latencyBurn} testId="burn-indicator-latency" />
        </p>
        <p>
          <label htmlFor={selectId}>SLO</label>{' '}
          <SloSelect id={selectId} names={view.names} value={view.name ?? ''} onSelect={onSelect} />{' '}
          <span className="muted">window {view.window}</span>
        </p>
      </div>
      {view.summaries ? (
        <div className="sli-grid" data-testid={`slo-${view.name}`}>
          {view.summaries.map((props) => (
            <SliSummary key={props.title} {...props} />
          ))}
        </div>
      ) : (
        <p className="muted">no data</p>
      )}
      <AlertsList alerts={view.alerts} now={view.now} limit={alertLimit} />
    </section>
  );
}

interface SelectProps {
  id: string;
  names: readonly string[];
  value: string;
  onSelect: (name: string) => void;
}

/** Which SLO is shown. Every snapshot brings new SLOs, nearly always of the same names: compared
 * by value, so React does not rewrite its options with every snapshot. */
const SloSelect = memo(
  ({ id, names, value, onSelect }: SelectProps) => (
    <select id={id} value={value} onChange={(e) => onSelect(e.target.value)}>
      {names.map((name) => (
        <option key={name} value={name}>
          {name === 'lab' ? 'lab (all services)' : name}
        </option>
      ))}
    </select>
  ),
  equal,
);
