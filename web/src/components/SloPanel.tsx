import { memo, useId, useState } from 'react';
import type { Slo } from '../api/types';
import { AlertsList } from './AlertsList';
import { BurnIndicator } from './BurnIndicator';
import { SliSummary } from './SliSummary';

interface Props {
  slo: Slo;
}

/** SLOs of the lab and of each service (one shown at a time), and the alerts firing. */
function SloPanelImpl({ slo }: Props) {
  const [selected, setSelected] = useState('lab');
  const selectId = useId();
  const entry = slo.slos.find((s) => s.name === selected) ?? slo.slos[0];

  return (
    <section className="panel slo-panel" data-testid="slo-panel" aria-labelledby="slo-title">
      <div className="panel-head">
        <h2 id="slo-title">Service level objectives</h2>
        <p className="lab-burn">
          Lab burn rate (5m):{' '}
          <BurnIndicator rate={slo.burn_rate_5m} level={slo.indicator} testId="burn-indicator" />
        </p>
        <p>
          <label htmlFor={selectId}>SLO</label>{' '}
          <select
            id={selectId}
            value={entry?.name ?? ''}
            onChange={(e) => setSelected(e.target.value)}
          >
            {slo.slos.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name === 'lab' ? 'lab (all services)' : s.name}
              </option>
            ))}
          </select>{' '}
          <span className="muted">window {slo.window}</span>
        </p>
      </div>
      {entry ? (
        <div className="sli-grid" data-testid={`slo-${entry.name}`}>
          <SliSummary title="Availability" sli={entry.availability} />
          <SliSummary title="Latency" sli={entry.latency} p95Ms={entry.latency_p95_ms} />
        </div>
      ) : (
        <p className="muted">no data</p>
      )}
      <AlertsList alerts={slo.alerts_firing} now={slo.timestamp} />
    </section>
  );
}

export const SloPanel = memo(SloPanelImpl);
