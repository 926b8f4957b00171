// The page's live state and its pure reducer: snapshots, history, event pages and connection
// changes. A snapshot from a new server instance (the server restarted) starts the event log and
// the charts afresh: nothing the earlier instance said is mixed with what the new one says.
import type { History, Lab, LabEvent } from '../api/types';
import { mergeEvents } from '../lib/events';
import { isLargeLab } from '../lib/labSize';
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
  /** A large lab's service whose pods are open (null: none). A large lab's snapshot keeps only
   * that service's pods, whatever the server sent (see lib/labSize). */
  focus: string | null;
}

export type LabAction =
  | { type: 'snapshot'; lab: Lab; receivedAt?: number }
  /** `instance`: the server instance the history was asked of; null when asked before the
   * first snapshot (then it belongs to the first instance). */
  | { type: 'history'; history: History; instance: string | null | undefined }
  /** Events fetched to fill a gap between snapshots, from the given instance. */
  | { type: 'events'; events: readonly LabEvent[]; instance: string | undefined }
  | { type: 'connection'; state: ConnectionState }
  /** Opens a large lab's service's pods (null closes them). */
  | { type: 'focus'; service: string | null };

export const initialLabState: LabState = {
  lab: null,
  series: emptySeries(),
  events: [],
  connection: 'connecting',
  receivedAt: null,
  restarts: 0,
  focus: null,
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

/** A large lab's snapshot with only the pods of the open service (all of a small lab's). */
export function keptPods(lab: Lab, focus: string | null): Lab {
  if (!isLargeLab(lab)) return lab;
  const pods = focus === null ? [] : lab.pods.filter((pod) => pod.service === focus);
  return pods.length === lab.pods.length ? lab : { ...lab, pods };
}

const hasPodsOf = (lab: Lab | null, service: string) =>
  lab !== null && lab.pods.some((pod) => pod.service === service);

function snapshot(state: LabState, received: Lab, receivedAt: number | null): LabState {
  const lab = keptPods(received, state.focus);
  // The stream of a newly opened service starts with the snapshot already shown, now with its pods.
  const bringsPods =
    state.focus !== null &&
    state.lab !== null &&
    lab.instance === state.lab.instance &&
    lab.version >= state.lab.version &&
    !hasPodsOf(state.lab, state.focus) &&
    hasPodsOf(lab, state.focus);
  if (!isNewerSnapshot(state.lab, lab) && !bringsPods) return state;
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
    case 'focus':
      if (state.focus === action.service) return state;
      return {
        ...state,
        focus: action.service,
        lab: state.lab && keptPods(state.lab, action.service),
      };
  }
}
