import { memo } from 'react';
import type { WindowValues } from '../api/types';
import { shallowEqual } from '../lib/shallowEqual';
import { BudgetBar } from './BudgetBar';
import { BurnIndicator } from './BurnIndicator';

interface Props {
  title: string;
  /** The target and the measured value, as shown. */
  target: string;
  measured: string;
  budgetRemaining: number | null;
  budgetExhaustedInSeconds: number | null;
  /** Burn rate per window, in the order shown. */
  burnRates: WindowValues;
}

/** One SLI of an SLO: target, measured value, error budget and burn rates per window. The props
 * are what it shows, not the whole SLI, whose request counts change with every snapshot. */
function SliSummaryImpl({
  title,
  target,
  measured,
  budgetRemaining,
  budgetExhaustedInSeconds,
  burnRates,
}: Props) {
  return (
    <div className="sli">
      <h3>{title}</h3>
      <dl className="kv">
        <div>
          <dt>Target</dt>
          <dd>{target}</dd>
        </div>
        <div>
          <dt>Measured</dt>
          <dd>{measured}</dd>
        </div>
        <div>
          <dt>Error budget</dt>
          <dd>
            <BudgetBar remaining={budgetRemaining} exhaustedInSeconds={budgetExhaustedInSeconds} />
          </dd>
        </div>
      </dl>
      <h4 className="burns-title">Burn rate</h4>
      <ul className="burns">
        {Object.keys(burnRates).map((window) => (
          <li key={window}>
            <span className="burn-window">{window}</span>
            <BurnIndicator rate={burnRates[window]} />
          </li>
        ))}
      </ul>
    </div>
  );
}

// Every snapshot brings a new burn-rate object: compared by value, so equal rates skip.
export const SliSummary = memo(
  SliSummaryImpl,
  ({ burnRates: a, ...restA }, { burnRates: b, ...restB }) =>
    shallowEqual(restA, restB) && shallowEqual(a, b),
);
