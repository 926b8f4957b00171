// React hook wiring the API, the live connection and the pure reducer together.
import { useEffect, useReducer } from 'react';
import { getHistory, getLab } from '../api';
import { LiveConnection, type ConnectionDeps } from './connection';
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
    const abort = new AbortController();
    void getHistory(HISTORY_WINDOW, abort.signal).then((result) => {
      if (result.ok) dispatch({ type: 'history', history: result.data });
    });
    const connection = new LiveConnection(deps(), {
      onSnapshot: (lab) => dispatch({ type: 'snapshot', lab }),
      onState: (connectionState) => dispatch({ type: 'connection', state: connectionState }),
    });
    connection.start();
    return () => {
      abort.abort();
      connection.stop();
    };
  }, [deps]);

  return state;
}
