import { memo, useId } from 'react';
import type { Sli, Slo, SloEntry, WindowValues } from '../api/types';
import { formatDataLength, formatMs, formatPercent } from '../lib/format';
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

/** The figures of an SLI as its summary shows them; `window`: the SLO's. */
function figures(sli: Sli, window: string) {
  const notes: WindowValues<string> = {};
  for (const w in sli.data_seconds) notes[w] = formatDataLength(w, sli.data_seconds[w]);
  return {
    budgetRemaining: sli.budget_remaining,
    budgetExhaustedInSeconds: sli.budget_exhausted_in_seconds,
    burnRates: sli.burn_rate,
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
 * data as the panel words it is); nor the SLOs not shown.
 */
export function sloView(slo: Slo, selected: string) {
  const entry = slo.slos.find((s) => s.name === selected) ?? slo.slos[0];
  const alerts = slo.alerts_firing;
  return {
    burn: slo.burn_rate_5m,
    level: slo.indicator,
    // Alerts fire on either SLI: both burn rates are shown, each named.
    latencyBurn: slo.slos.find((s) => s.name === 'lab')?.latency.burn_rate['5m'] ?? null,
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
