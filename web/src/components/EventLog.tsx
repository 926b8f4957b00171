import { memo } from 'react';
import type { LabEvent } from '../api/types';
import { formatClock, isoTime } from '../lib/format';

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

/** Label of an event kind: its glyph (unknown kinds get a neutral one) and its name in words
 * ("fault expired"). */
export const kindLabel = (kind: string) => ({
  glyph: KIND_GLYPHS[kind] ?? '•',
  text: kind.replace(/_/g, ' '),
});

interface Props {
  /** Newest first. */
  events: readonly LabEvent[];
  limit?: number;
}

/** One event; memoised so a new event renders one row, not the whole log. */
const EventRow = memo(function EventRow({ event }: { event: LabEvent }) {
  const kind = kindLabel(event.kind);
  return (
    <li data-kind={event.kind} data-id={event.id} data-type={event.type}>
      <time dateTime={isoTime(event.at)}>{formatClock(event.at)}</time>
      <span className={`event-kind kind-${event.kind}`}>
        <span aria-hidden="true">{kind.glyph}</span> {kind.text}
      </span>
      <span className={event.type === 'Warning' ? 'event-type event-warning' : 'event-type'}>
        {event.type} {event.reason}
      </span>
      <span className="event-message">{event.message}</span>
    </li>
  );
});

function EventLogImpl({ events, limit = 100 }: Props) {
  const shown = events.slice(0, limit);
  return (
    <section className="panel" aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      {shown.length === 0 ? <p className="muted">No events yet.</p> : null}
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
    </section>
  );
}

export const EventLog = memo(EventLogImpl);
