import { memo } from 'react';
import type { Alert } from '../api/types';
import { formatAgo, formatBurn, formatClock } from '../lib/format';
import { equal } from '../lib/equal';

/** Everything after the alert's name, as one string (one text node to update per alert). */
export const alertText = (a: Alert, now?: number): string =>
  `(${a.severity}) · SLO ${a.slo} ${a.sli} · burn ${formatBurn(a.long_burn_rate)} over ` +
  `${a.long_window} and ${formatBurn(a.short_burn_rate)} over ${a.short_window} vs threshold ` +
  `${formatBurn(a.threshold)} · since ${formatClock(a.since)} (${formatAgo(a.since, now)})`;

interface Props {
  alerts: readonly Alert[];
  now?: number;
  /** Show at most this many (a large lab can fire hundreds); the rest are counted. */
  limit?: number;
}

/** Alerts firing: name, severity, SLO, both burn rates against the threshold, since when. */
function AlertsListImpl({ alerts, now, limit = Infinity }: Props) {
  const shown = alerts.slice(0, limit);
  return (
    <div className="alerts">
      <h3>Alerts firing</h3>
      {alerts.length === 0 ? (
        <p className="muted">
          <span aria-hidden="true">✓</span> No alerts firing
        </p>
      ) : (
        <ul data-testid="alerts-firing">
          {shown.map((a) => (
            <li key={`${a.slo}/${a.sli}/${a.name}`} className={`alert alert-${a.severity}`}>
              <span aria-hidden="true">‼</span> <strong>{a.name}</strong> {alertText(a, now)}
            </li>
          ))}
          {shown.length < alerts.length ? (
            <li className="muted" data-testid="alerts-more">
              and {alerts.length - shown.length} more alerts firing (see the SLO of each service)
            </li>
          ) : null}
        </ul>
      )}
    </div>
  );
}

// Every snapshot brings a new list, usually equal (often empty): compared by value.
export const AlertsList = memo(AlertsListImpl, equal);
