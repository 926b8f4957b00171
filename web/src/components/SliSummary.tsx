import { memo } from 'react';
import type { WindowValues } from '../api/types';
import { equal } from '../lib/equal';
import { BudgetBar } from './BudgetBar';
import { BurnIndicator } from './BurnIndicator';

export interface SliSummaryProps {
  title: string;
  /** The target and the measured value, as shown. */
  target: string;
  measured: string;
  budgetRemaining: number | null;
  /** "exhausted in 3 h 20 min", or '' when the budget is not being spent. */
  budgetExhaustedIn: string;
  /** Burn rate per window, in the order shown. */
  burnRates: WindowValues;
  /** What a window not yet full says of its data ("11 min of data"); '' once full. */
  notes: WindowValues<string>;
  /** The SLO window, which the error budget is over. */
  sloWindow: string;
}

/** One SLI of an SLO: target, measured value, error budget and burn rates per window. The props
 * are what it shows, not the whole SLI, whose request counts change with every snapshot. */
function SliSummaryImpl({
  title,
  target,
  measured,
  budgetRemaining,
  budgetExhaustedIn,
  burnRates,
  notes,
  sloWindow,
}: SliSummaryProps) {
  const budgetNote = notes[sloWindow];
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
            <BudgetBar remaining={budgetRemaining} exhaustedIn={budgetExhaustedIn} />
            {budgetNote && (
              <span className="muted budget-data">
                {' '}
                {sloWindow}, {budgetNote}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <h4 className="burns-title">Burn rate</h4>
      <ul className="burns">
        {Object.keys(burnRates).map((window) => (
          <li key={window}>
            <span className="burn-window">
              {window}
              {notes[window] && <span className="muted">, {notes[window]}</span>}
            </span>
            <BurnIndicator rate={burnRates[window]} />
          </li>
        ))}
      </ul>
    </div>
  );
}

// Every snapshot brings new per-window objects: compared by value, so equal figures skip.
export const SliSummary = memo(SliSummaryImpl, equal);
