// The page's live state and its pure reducer: snapshots, history, event pages and connection
// changes. A snapshot from a new server instance (the server restarted) starts the event log and
// the charts afresh: nothing the earlier instance said is mixed with what the new one says.
import type { History, Lab, LabEvent } from '../api/types';
import { mergeEvents } from '../lib/events';
import type { ConnectionState } from './connection';
import { appendSample, emptySeries, mergeSeries, seriesFromHistory, type Series } from './series';

export interface LabState {
  lab: Lab | null;
  series: Series;
  events: readonly LabEvent[];
  connection: ConnectionState;
  /** Client clock (ms) when the shown snapshot arrived; null before the first. */
  receivedAt: number | null;
  /** How many times the server instance changed since the page loaded. */
  restarts: number;
}

export type LabAction =
  | { type: 'snapshot'; lab: Lab; receivedAt?: number }
  /** `instance`: the server instance the history was asked of; null when asked before the
   * first snapshot (then it belongs to the first instance). */
  | { type: 'history'; history: History; instance: string | null | undefined }
  /** Events fetched to fill a gap between snapshots, from the given instance. */
  | { type: 'events'; events: readonly LabEvent[]; instance: string | undefined }
  | { type: 'connection'; state: ConnectionState };

export const initialLabState: LabState = {
  lab: null,
  series: emptySeries(),
  events: [],
  connection: 'connecting',
  receivedAt: null,
  restarts: 0,
};

/** Whether a snapshot comes from another server instance than the one shown. */
export const isNewInstance = (current: Lab | null, next: Lab): boolean =>
  current !== null && next.instance !== current.instance;

/** A snapshot older than the one shown is dropped (stream and poll may overlap), unless it is
 * far older: then the server restarted and its clock and version counters started over. */
export function isNewerSnapshot(current: Lab | null, next: Lab): boolean {
  if (!current) return true;
  if (isNewInstance(current, next)) return true;
  if (next.version === current.version && next.timestamp === current.timestamp) return false;
  return next.timestamp >= current.timestamp || current.timestamp - next.timestamp > 5;
}

function snapshot(state: LabState, lab: Lab, receivedAt: number | null): LabState {
  if (!isNewerSnapshot(state.lab, lab)) return state;
  if (isNewInstance(state.lab, lab)) {
    return {
      ...state,
      lab,
      receivedAt,
      restarts: state.restarts + 1,
      series: appendSample(emptySeries(), lab.sample),
      events: mergeEvents([], lab.events ?? []),
    };
  }
  return {
    ...state,
    lab,
    receivedAt,
    series: appendSample(state.series, lab.sample),
    events: mergeEvents(state.events, lab.events ?? []),
  };
}

/** Whether an answer asked of `instance` belongs to the instance shown now. */
function sameInstance(state: LabState, instance: string | null | undefined): boolean {
  if (instance === null) return state.restarts === 0;
  return state.lab === null || state.lab.instance === instance;
}

export function labReducer(state: LabState, action: LabAction): LabState {
  switch (action.type) {
    case 'snapshot':
      return snapshot(state, action.lab, action.receivedAt ?? state.receivedAt);
    case 'history':
      if (!sameInstance(state, action.instance)) return state;
      return {
        ...state,
        series: mergeSeries(seriesFromHistory(action.history), state.series),
        events: mergeEvents(state.events, action.history.events ?? []),
      };
    case 'events': {
      if (!sameInstance(state, action.instance)) return state;
      const events = mergeEvents(state.events, action.events);
      return events === state.events ? state : { ...state, events };
    }
    case 'connection':
      return state.connection === action.state ? state : { ...state, connection: action.state };
  }
}
