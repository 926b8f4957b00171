import { formatMs, formatPercent } from '../lib/format';

interface Props {
  delayMs: number;
  errorRate: number;
  killed: boolean;
}

/** The pod's active injected faults as badges (glyph + words). */
export function FaultBadges({ delayMs, errorRate, killed }: Props) {
  if (!delayMs && !errorRate && !killed)
    return <span className="muted faults-none">no faults</span>;
  return (
    <ul className="badges" aria-label="Active faults">
      {delayMs ? (
        <li className="badge badge-delay">
          <span aria-hidden="true">◔</span> delay {formatMs(delayMs)}
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
    </ul>
  );
}
