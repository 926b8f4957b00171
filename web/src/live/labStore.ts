// The page's live state and its pure reducer: snapshots, history and connection changes.
import type { History, Lab, LabEvent } from '../api/types';
import { mergeEvents } from '../lib/events';
import type { ConnectionState } from './connection';
import { appendSample, emptySeries, mergeSeries, seriesFromHistory, type Series } from './series';

export interface LabState {
  lab: Lab | null;
  series: Series;
  events: readonly LabEvent[];
  connection: ConnectionState;
}

export type LabAction =
  | { type: 'snapshot'; lab: Lab }
  | { type: 'history'; history: History }
  | { type: 'connection'; state: ConnectionState };

export const initialLabState: LabState = {
  lab: null,
  series: emptySeries(),
  events: [],
  connection: 'connecting',
};

/** A snapshot older than the one shown is dropped (stream and poll may overlap), unless it is
 * far older: then the server restarted and its clock and version counters started over. */
export function isNewerSnapshot(current: Lab | null, next: Lab): boolean {
  if (!current) return true;
  if (next.version === current.version && next.timestamp === current.timestamp) return false;
  return next.timestamp >= current.timestamp || current.timestamp - next.timestamp > 5;
}

export function labReducer(state: LabState, action: LabAction): LabState {
  switch (action.type) {
    case 'snapshot': {
      const { lab } = action;
      if (!isNewerSnapshot(state.lab, lab)) return state;
      return {
        ...state,
        lab,
        series: appendSample(state.series, lab.sample),
        events: mergeEvents(state.events, lab.events ?? []),
      };
    }
    case 'history':
      return {
        ...state,
        series: mergeSeries(seriesFromHistory(action.history), state.series),
        events: mergeEvents(state.events, action.history.events ?? []),
      };
    case 'connection':
      return state.connection === action.state ? state : { ...state, connection: action.state };
  }
}
