import type { Status } from '../api/types';
import { formatClock, isoTime } from '../lib/format';
import type { ConnectionState } from '../live/connection';
import type { LabState } from '../live/labStore';
import { useLiveFigure, useSlice } from '../live/useSlice';
import { StatusBadge } from './StatusBadge';

/** The glyph of each connection state; its word is the state's name. */
const CONNECTION_GLYPH: Record<ConnectionState, string> = {
  connecting: '…',
  live: '●',
  reconnecting: '↻',
  polling: '⟳',
  offline: '✕',
};

const statusOf = (s: LabState): Status | null => s.lab?.status ?? null;
const connectionOf = (s: LabState) => s.connection;
const hasLab = (s: LabState) => s.lab !== null;
const timestampOf = (s: LabState) => s.lab?.timestamp;
const writeTime = (el: HTMLTimeElement, at: number) => {
  el.dateTime = isoTime(at);
};

/** The time of the snapshot shown, which changes with every snapshot: written into its element by
 * the store's listener (useLiveFigure), so a snapshot renders no part of the header. */
function Clock() {
  const [at, ref] = useLiveFigure(timestampOf, 0, formatClock, writeTime);
  return (
    <time ref={ref} className="live live-clock" dateTime={isoTime(at)} data-testid="last-update">
      {formatClock(at)}
    </time>
  );
}

/** The lab's status, the connection's state and the time of the snapshot shown, from the live
 * store. Rendered when the status or the connection changes, not with every snapshot.
 * `stale`: the figures shown are old (see StaleNotice): the lab status is greyed too. */
export function Header({ stale }: { stale: boolean }) {
  const status = useSlice(statusOf);
  const connection = useSlice(connectionOf);
  const shown = useSlice(hasLab);
  return (
    <header className={stale ? 'app-header stale' : 'app-header'}>
      <h1>healthboard</h1>
      <dl className="header-facts">
        <div>
          <dt>Lab</dt>
          <dd>
            {status ? (
              <StatusBadge status={status} testId="lab-status" />
            ) : (
              <span data-testid="lab-status" data-status="">
                no data
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Connection</dt>
          <dd>
            <span
              className={`conn conn-${connection}`}
              data-testid="connection-status"
              data-state={connection}
              role="status"
            >
              <span aria-hidden="true">{CONNECTION_GLYPH[connection]}</span> {connection}
            </span>
          </dd>
        </div>
        <div>
          <dt>Last update</dt>
          <dd>{shown ? <Clock /> : '—'}</dd>
        </div>
      </dl>
    </header>
  );
}
