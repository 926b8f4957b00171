import { memo, useId, useState } from 'react';
import type { Slo, SloEntry } from '../api/types';
import { formatMs, formatPercent } from '../lib/format';
import { equal } from '../lib/equal';
import { AlertsList } from './AlertsList';
import { BurnIndicator } from './BurnIndicator';
import { SliSummary } from './SliSummary';

interface Props {
  slo: Slo;
  /** Alerts listed at most (the rest are counted); all when absent. */
  alertLimit?: number;
}

/** SLOs of the lab and of each service (one shown at a time), and the alerts firing. */
function SloPanelImpl({ slo, alertLimit }: Props) {
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
          <AvailabilitySummary entry={entry} />
          <LatencySummary entry={entry} />
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

const AvailabilitySummary = ({ entry: { availability: sli, window } }: { entry: SloEntry }) => (
  <SliSummary
    title="Availability"
    target={formatPercent(sli.target)}
    measured={formatPercent(sli.sli, 3)}
    budgetRemaining={sli.budget_remaining}
    budgetExhaustedInSeconds={sli.budget_exhausted_in_seconds}
    burnRates={sli.burn_rate}
    dataSeconds={sli.data_seconds}
    sloWindow={window}
  />
);

const LatencySummary = ({
  entry: { latency: sli, latency_p95_ms, window },
}: {
  entry: SloEntry;
}) => (
  <SliSummary
    title="Latency"
    target={`${formatPercent(sli.target)} within ${formatMs(sli.threshold_ms)}`}
    measured={`${formatPercent(sli.sli)} within target · p95 ${formatMs(latency_p95_ms)}`}
    budgetRemaining={sli.budget_remaining}
    budgetExhaustedInSeconds={sli.budget_exhausted_in_seconds}
    burnRates={sli.burn_rate}
    dataSeconds={sli.data_seconds}
    sloWindow={window}
  />
);

export const SloPanel = memo(SloPanelImpl);
