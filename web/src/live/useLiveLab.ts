// React hook wiring the API, the live connection, the event gap filler and the pure reducer.
import { useEffect, useReducer } from 'react';
import { getEvents, getHistory, getLab } from '../api';
import type { Lab } from '../api/types';
import { LiveConnection, type ConnectionDeps } from './connection';
import { EventGapFiller } from './eventGaps';
import { initialLabState, labReducer, type LabState } from './labStore';

export const HISTORY_WINDOW = '5m';

function browserDeps(): ConnectionDeps {
  const hasEventSource = typeof window !== 'undefined' && typeof window.EventSource === 'function';
  return {
    createEventSource: hasEventSource ? (url) => new window.EventSource(url) : null,
    fetchLab: (signal) => getLab(signal),
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
}

export function useLiveLab(deps: () => ConnectionDeps = browserDeps): LabState {
  const [state, dispatch] = useReducer(labReducer, initialLabState);

  useEffect(() => {
    let history = new AbortController();
    const loadHistory = (instance: string | null) => {
      void getHistory(HISTORY_WINDOW, history.signal).then((result) => {
        if (result.ok) dispatch({ type: 'history', history: result.data, instance });
      });
    };
    // On load, asked at once (before the first snapshot names the instance).
    loadHistory(null);
    let shown: Lab | null = null;

    const gaps = new EventGapFiller(getEvents, (events, instance) =>
      dispatch({ type: 'events', events, instance }),
    );
    const connection = new LiveConnection(deps(), {
      onSnapshot: (lab) => {
        if (shown !== null && lab.instance !== shown.instance) {
          // The server restarted: its history replaces the earlier one.
          history.abort();
          history = new AbortController();
          loadHistory(lab.instance);
        }
        shown = lab;
        gaps.onSnapshot(lab);
        dispatch({ type: 'snapshot', lab, receivedAt: Date.now() });
      },
      onState: (connectionState) => dispatch({ type: 'connection', state: connectionState }),
    });
    connection.start();
    return () => {
      history.abort();
      gaps.stop();
      connection.stop();
    };
  }, [deps]);

  return state;
}
