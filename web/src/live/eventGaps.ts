// Snapshots carry only the latest 50 events: a burst of changes between two snapshots pushes
// some out. Event ids grow by one, so a snapshot whose oldest id is more than one past the
// newest seen shows a gap, filled from GET /events?before=...&limit=... pages.
import type { ApiResult, EventsPage, Lab, LabEvent } from '../api/types';
import { MAX_EVENTS } from '../lib/events';

/** Largest page GET /events serves. */
export const MAX_PAGE = 500;

export type GetEvents = (
  options: { limit: number; before: number },
  signal?: AbortSignal,
) => Promise<ApiResult<EventsPage>>;

/** The ids strictly between `after` and `before` are missing. */
export interface EventGap {
  after: number;
  before: number;
}

/** The gap between the newest id seen and a snapshot's events (any order), or null. */
export function gapBefore(newestSeen: number | null, events: readonly LabEvent[]): EventGap | null {
  if (newestSeen === null || events.length === 0) return null;
  let oldest = Infinity;
  for (const e of events) oldest = Math.min(oldest, e.id);
  return oldest > newestSeen + 1 ? { after: newestSeen, before: oldest } : null;
}

/** Fetches the events of a gap, newest first, paging with `next_before`; at most `max` (the
 * page keeps no more than that many events anyway). Whatever arrived before an error is kept. */
export async function fetchGap(
  getEvents: GetEvents,
  gap: EventGap,
  signal?: AbortSignal,
  max = MAX_EVENTS,
): Promise<LabEvent[]> {
  const found: LabEvent[] = [];
  let before = gap.before;
  while (found.length < max) {
    const limit = Math.min(MAX_PAGE, before - gap.after - 1, max - found.length);
    if (limit < 1) break;
    const result = await getEvents({ limit, before }, signal);
    if (!result.ok) break;
    for (const e of result.data.events) if (e.id > gap.after && e.id < before) found.push(e);
    const next = result.data.next_before;
    if (next === null || result.data.events.length === 0 || next >= before) break;
    before = next;
  }
  return found;
}

/** Watches snapshots and fills their gaps; `onEvents` gets what was found, with the instance it
 * came from. A new instance starts over (its ids start over too). */
export class EventGapFiller {
  #instance: string | undefined = undefined;
  #newest: number | null = null;
  #abort = new AbortController();
  readonly #getEvents: GetEvents;
  readonly #onEvents: (events: LabEvent[], instance: string | undefined) => void;

  constructor(
    getEvents: GetEvents,
    onEvents: (events: LabEvent[], instance: string | undefined) => void,
  ) {
    this.#getEvents = getEvents;
    this.#onEvents = onEvents;
  }

  onSnapshot(lab: Lab): void {
    const events = lab.events ?? [];
    if (lab.instance !== this.#instance) {
      this.#abort.abort();
      this.#abort = new AbortController();
      this.#instance = lab.instance;
      this.#newest = null;
    }
    const gap = gapBefore(this.#newest, events);
    // Ids start at 1: a first snapshot without events means none happened yet.
    this.#newest ??= 0;
    for (const e of events) if (e.id > this.#newest) this.#newest = e.id;
    if (!gap) return;
    const instance = this.#instance;
    const abort = this.#abort;
    void fetchGap(this.#getEvents, gap, abort.signal).then((found) => {
      if (found.length > 0 && !abort.signal.aborted) this.#onEvents(found, instance);
    });
  }

  stop(): void {
    this.#abort.abort();
  }
}
