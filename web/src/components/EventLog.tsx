import { memo } from 'react';
import type { LabEvent } from '../api/types';
import { formatClock, isoTime } from '../lib/format';
import { Deferred } from './Deferred';

/** An event kind's glyph beside its name in words ("fault expired"); unknown kinds get '•'. */
const KIND_GLYPHS: Record<string, string> = {
  fault: '⚡',
  fault_expired: '○',
  fault_cleared: '⌫',
  restart: '↻',
  pod_status: '◆',
  service_status: '◇',
  alert: '‼',
  lab: '⟲',
};

/** Events listed, newest first (the page keeps up to 200). */
const SHOWN = 100;

interface Props {
  /** Newest first. */
  events: readonly LabEvent[];
  /** A large lab's: the list is mounted only near the viewport (it sits below every service's
   * charts); the heading stays. */
  deferred?: boolean;
}

/** One event; memoised so a new event renders one row, not the whole log. */
const EventRow = memo(function EventRow({ event }: { event: LabEvent }) {
  const { kind } = event;
  return (
    <li data-kind={kind} data-id={event.id} data-type={event.type}>
      <time dateTime={isoTime(event.at)}>{formatClock(event.at)}</time>
      <span className={`event-kind kind-${kind}`}>
        <span aria-hidden="true">{KIND_GLYPHS[kind] ?? '•'}</span> {kind.replace(/_/g, ' ')}
      </span>
      <span className={event.type === 'Warning' ? 'event-type event-warning' : 'event-type'}>
        {event.type} {event.reason}
      </span>
      <span className="event-message">{event.message}</span>
    </li>
  );
});

/** Reserved height (px) of the deferred list before it was first shown: its max-height. */
const LIST_ESTIMATE = 352;

function EventLogImpl({ events, deferred }: Props) {
  const shown = events.slice(0, SHOWN);
  const list = (
    <ol
      className="event-log"
      data-testid="event-log"
      tabIndex={0}
      aria-label="Events, newest first"
    >
      {shown.map((e) => (
        <EventRow key={e.id} event={e} />
      ))}
    </ol>
  );
  return (
    <section className="panel" aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      {shown.length === 0 ? <p className="muted">No events yet.</p> : null}
      {deferred ? <Deferred estimate={LIST_ESTIMATE}>{list}</Deferred> : list}
    </section>
  );
}

export const EventLog = memo(EventLogImpl);
