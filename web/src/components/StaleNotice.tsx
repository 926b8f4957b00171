import { formatAgo, formatClock } from '../lib/format';
import type { ConnectionState } from '../live/connection';
import { useTicker } from '../live/useStale';

interface Props {
  /** Client clock (ms) when the shown snapshot arrived. */
  since: number;
  connection: ConnectionState;
}

/** Says that the figures shown are old, and how old; re-rendered every second while shown. */
export function StaleNotice({ since, connection }: Props) {
  const now = useTicker(true);
  const why = connection === 'offline' ? 'the server does not answer' : 'no update arrives';
  return (
    <p className="stale-notice" data-testid="stale-notice" data-since={since} aria-live="polite">
      <strong>Not current:</strong> {why}. Figures, statuses and rates below are from{' '}
      {formatClock(since / 1000)} ({formatAgo(since / 1000, now / 1000)}).
    </p>
  );
}
