import { memo } from 'react';
import { formatClock, formatMs, formatPercent } from '../lib/format';
import { ClockIcon } from './ClockIcon';

interface Props {
  delayMs: number;
  jitterMs: number;
  errorRate: number;
  killed: boolean;
  /** Unix seconds when the soonest timed fault ends by itself, or null. */
  endsAt: number | null;
}

/**
 * The pod's active injected faults as badges (glyph + words). A timed fault shows the clock time
 * it ends at rather than a countdown, so the row does not re-render every second.
 */
function FaultBadgesImpl({ delayMs, jitterMs, errorRate, killed, endsAt }: Props) {
  if (!delayMs && !jitterMs && !errorRate && !killed)
    return <span className="muted">no faults</span>;
  return (
    <ul className="badges" aria-label="Active faults">
      {delayMs || jitterMs ? (
        <li className="badge badge-delay">
          <span aria-hidden="true">◔</span> delay {formatMs(delayMs)}
          {jitterMs ? ` ± ${formatMs(jitterMs)}` : ''}
        </li>
      ) : null}
      {errorRate ? (
        <li className="badge badge-errors">
          <span aria-hidden="true">⚠</span> errors {formatPercent(errorRate)}
        </li>
      ) : null}
      {killed ? (
        <li className="badge badge-killed">
          <span aria-hidden="true">✕</span> killed
        </li>
      ) : null}
      {endsAt !== null ? (
        <li className="badge badge-timed">
          <ClockIcon /> until {formatClock(endsAt)}
        </li>
      ) : null}
    </ul>
  );
}

export const FaultBadges = memo(FaultBadgesImpl);
