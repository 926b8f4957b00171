// Pure helpers for the event list: merging, deduplication and chart markers.
import type { LabEvent } from '../api/types';

export const MAX_EVENTS = 200;

/**
 * Merges incoming events (any order) into the current list (newest first), deduplicated by id.
 * Returns `current` itself when nothing is new, so memoised views do not re-render.
 * An id seen again with a different time means the server restarted: the list starts over.
 */
export function mergeEvents(
  current: readonly LabEvent[],
  incoming: readonly LabEvent[],
  limit = MAX_EVENTS,
): readonly LabEvent[] {
  if (incoming.length === 0) return current;
  const known = new Map<number, LabEvent>();
  for (const e of current) known.set(e.id, e);
  const fresh: LabEvent[] = [];
  for (const e of incoming) {
    const seen = known.get(e.id);
    if (seen === undefined) {
      fresh.push(e);
      known.set(e.id, e);
    } else if (seen.at !== e.at) {
      return mergeEvents([], incoming, limit);
    }
  }
  if (fresh.length === 0) return current;
  return [...fresh, ...current].sort(newestFirst).slice(0, limit);
}

export const newestFirst = (a: LabEvent, b: LabEvent): number => b.at - a.at || b.id - a.id;

export interface EventMarker {
  at: number;
  kind: string;
}

/** The kinds of event drawn on the charts (each has a colour and a legend entry). */
export const CHART_EVENT_KINDS = [
  'fault',
  'fault_expired',
  'fault_cleared',
  'restart',
  'partition',
] as const;

export type ChartEventKind = (typeof CHART_EVENT_KINDS)[number];

const MARKER_KINDS: ReadonlySet<string> = new Set(CHART_EVENT_KINDS);

/** Whether an event is drawn on a chart: faults and restarts of that service (or lab-wide). */
export const isChartEvent = (e: LabEvent, service?: string): boolean =>
  MARKER_KINDS.has(e.kind) &&
  (service === undefined || e.service === service || e.service === null);

/** Markers to draw on a chart whose time axis spans [min, max] (unix seconds), oldest first. */
export function markersInRange(
  events: readonly LabEvent[],
  min: number,
  max: number,
  service?: string,
): EventMarker[] {
  const out: EventMarker[] = [];
  for (const e of events) {
    if (e.at >= min && e.at <= max && isChartEvent(e, service))
      out.push({ at: e.at, kind: e.kind });
  }
  return out.sort((a, b) => a.at - b.at);
}
