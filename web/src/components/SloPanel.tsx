import { memo, useId, useState } from 'react';
import type { Sli, Slo, SloEntry } from '../api/types';
import { formatDataLength, formatMs, formatPercent } from '../lib/format';
import { equal } from '../lib/equal';
import { AlertsList } from './AlertsList';
import { BurnIndicator } from './BurnIndicator';
import { SliSummary, type SliSummaryProps } from './SliSummary';

interface Props {
  slo: Slo;
  /** Alerts listed at most (the rest are counted); all when absent. */
  alertLimit?: number;
}

/** The figures of an SLI as its summary shows them; `window`: the SLO's. */
const figures = (sli: Sli, window: string) => ({
  budgetRemaining: sli.budget_remaining,
  budgetExhaustedInSeconds: sli.budget_exhausted_in_seconds,
  burnRates: sli.burn_rate,
  notes: Object.fromEntries(
    Object.entries(sli.data_seconds).map(([w, seconds]) => [w, formatDataLength(w, seconds)]),
  ),
  sloWindow: window,
});

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
 * What the panel shows of the SLOs (all but the alert limit), as values to compare: two
 * snapshots' SLOs with equal views show the same panel. Every SLO's summaries are in it, since any
 * may be picked; their request counts and data seconds, which change with every snapshot, are not
 * (the data as the panel words it is).
 */
export const sloView = (slo: Slo) => [
  slo.burn_rate_5m,
  slo.indicator,
  slo.window,
  slo.alerts_firing,
  // The time only matters to "since … ago" of alerts.
  slo.alerts_firing.length && slo.timestamp,
  slo.slos.map((entry) => [entry.name, summaries(entry)]),
];

/** SLOs of the lab and of each service (one shown at a time), and the alerts firing. Not
 * memoised: the page renders it when its view (sloView) changed. */
export function SloPanel({ slo, alertLimit }: Props) {
  const [selected, setSelected] = useState('lab');
  const selectId = useId();
  const entry = slo.slos.find((s) => s.name === selected) ?? slo.slos[0];
  const lab = slo.slos.find((s) => s.name === 'lab');

  return (
    <section className="panel slo-panel" data-testid="slo-panel" aria-labelledby="slo-title">
      <div className="panel-head">
        <h2 id="slo-title">Service level objectives</h2>
        {/* Alerts fire on either SLI: both burn rates are shown, each named. */}
        <p>
          Lab burn rate (5m): availability{' '}
          <BurnIndicator rate={slo.burn_rate_5m} level={slo.indicator} testId="burn-indicator" />
          {' · '}latency{' '}
          <BurnIndicator
            rate={lab?.latency.burn_rate['5m'] ?? null}
            testId="burn-indicator-latency"
          />
        </p>
        <p>
          <label htmlFor={selectId}>SLO</label>{' '}
          <SloSelect
            id={selectId}
            names={slo.slos.map((s) => s.name)}
            value={entry?.name ?? ''}
            onSelect={setSelected}
          />{' '}
          <span className="muted">window {slo.window}</span>
        </p>
      </div>
      {entry ? (
        <div className="sli-grid" data-testid={`slo-${entry.name}`}>
          {summaries(entry).map((props) => (
            <SliSummary key={props.title} {...props} />
          ))}
        </div>
      ) : (
        <p className="muted">no data</p>
      )}
      {/* The time only matters to "since … ago" of alerts: without any, it changes nothing. */}
      <AlertsList
        alerts={slo.alerts_firing}
        now={slo.alerts_firing.length ? slo.timestamp : undefined}
        limit={alertLimit}
      />
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
