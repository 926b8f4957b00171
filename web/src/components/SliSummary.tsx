import type { LatencySli, Sli } from '../api/types';
import { formatMs, formatPercent } from '../lib/format';
import { BudgetBar } from './BudgetBar';
import { BurnIndicator } from './BurnIndicator';

interface Props {
  title: string;
  sli: Sli | LatencySli;
  /** Measured p95 of the SLO (latency only). */
  p95Ms?: number | null;
}

const isLatency = (sli: Sli | LatencySli): sli is LatencySli => 'threshold_ms' in sli;

/** One SLI of an SLO: target, measured value, error budget and burn rates per window. */
export function SliSummary({ title, sli, p95Ms }: Props) {
  const latency = isLatency(sli);
  return (
    <div className="sli">
      <h3>{title}</h3>
      <dl className="kv">
        <div>
          <dt>Target</dt>
          <dd>
            {latency
              ? `${formatPercent(sli.target)} within ${formatMs(sli.threshold_ms)}`
              : formatPercent(sli.target)}
          </dd>
        </div>
        <div>
          <dt>Measured</dt>
          <dd>
            {latency ? `${formatPercent(sli.sli)} within target` : formatPercent(sli.sli, 3)}
            {latency && p95Ms !== undefined ? ` · p95 ${formatMs(p95Ms)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Error budget</dt>
          <dd>
            <BudgetBar
              remaining={sli.budget_remaining}
              exhaustedInSeconds={sli.budget_exhausted_in_seconds}
            />
          </dd>
        </div>
      </dl>
      <h4 className="burns-title">Burn rate</h4>
      <ul className="burns">
        {Object.keys(sli.burn_rate).map((window) => (
          <li key={window}>
            <span className="burn-window">{window}</span>
            <BurnIndicator rate={sli.burn_rate[window]} />
          </li>
        ))}
      </ul>
    </div>
  );
}
