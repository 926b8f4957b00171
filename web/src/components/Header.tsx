import { memo } from 'react';
import type { Status } from '../api/types';
import { formatClock, isoTime } from '../lib/format';
import type { ConnectionState } from '../live/connection';
import { StatusBadge } from './StatusBadge';

/** The glyph of each connection state; its word is the state's name. */
const CONNECTION_GLYPH: Record<ConnectionState, string> = {
  connecting: '…',
  live: '●',
  reconnecting: '↻',
  polling: '⟳',
  offline: '✕',
};

interface Props {
  status: Status | null;
  connection: ConnectionState;
  updatedAt: number | null;
  /** The figures shown are old (see StaleNotice): the lab status is greyed too. */
  stale?: boolean;
}

function HeaderImpl({ status, connection, updatedAt, stale = false }: Props) {
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
          <dd>
            {updatedAt === null ? (
              '—'
            ) : (
              <time
                className="live live-clock"
                dateTime={isoTime(updatedAt)}
                data-testid="last-update"
              >
                {formatClock(updatedAt)}
              </time>
            )}
          </dd>
        </div>
      </dl>
    </header>
  );
}

export const Header = memo(HeaderImpl);
