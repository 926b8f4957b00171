import { memo } from 'react';
import type { WindowValues } from '../api/types';
import { formatDataLength } from '../lib/format';
import { equal } from '../lib/equal';
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
  /** Seconds of data per window; a window not yet full says how much it holds. */
  dataSeconds: WindowValues;
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
  budgetExhaustedInSeconds,
  burnRates,
  dataSeconds,
  sloWindow,
}: Props) {
  const note = (window: string) => formatDataLength(window, dataSeconds[window]);
  const budgetNote = note(sloWindow);
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
              {note(window) && <span className="muted">, {note(window)}</span>}
            </span>
            <BurnIndicator rate={burnRates[window]} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Whether two windows' data lengths read the same ("11 min of data"): the seconds of a window
 * not yet full grow with every snapshot, its note once a minute. */
const sameNotes = (a: WindowValues, b: WindowValues): boolean =>
  a === b ||
  (Object.keys(a).length === Object.keys(b).length &&
    Object.keys(a).every((w) => formatDataLength(w, a[w]) === formatDataLength(w, b[w])));

// Every snapshot brings new per-window objects: compared by what they show, so equal figures skip.
export const SliSummary = memo(
  SliSummaryImpl,
  ({ dataSeconds: c, ...restA }, { dataSeconds: d, ...restB }) =>
    equal(restA, restB) && sameNotes(c, d),
);
