// React hooks wiring the API, the live connection, the event gap filler and the live store.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { getEvents, getHistory, getLab } from '../api';
import type { Lab } from '../api/types';
import { isLargeLab, streamUrl } from '../lib/labSize';
import { LiveConnection, type ConnectionDeps } from './connection';
import { EventGapFiller } from './eventGaps';
import type { LabState } from './labStore';
import { LiveStore } from './liveStore';

export const HISTORY_WINDOW = '5m';

/** How to open a large lab's service's pods (null closes them). */
export type FocusService = (service: string | null) => void;

/** The live state, and how to open a large lab's service's pods. */
export interface LiveLab extends LabState {
  focusService: FocusService;
}

function browserDeps(): ConnectionDeps {
  return {
    createEventSource: typeof EventSource === 'function' ? (url) => new EventSource(url) : null,
    fetchLab: getLab,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as number),
    now: Date.now,
  };
}

/** The live store fed by the server, and the focus control. The hook itself never re-renders
 * on a snapshot: components read their slices of the store. */
export function useLiveStore(deps: () => ConnectionDeps = browserDeps): {
  store: LiveStore;
  focusService: FocusService;
} {
  const [store] = useState(() => new LiveStore());
  // What the stream should carry: set by the effect, followed when the focus changes.
  const [follow] = useState(() => ({ current: (_focus: string | null) => {} }));

  useEffect(() => {
    const dispatch = store.dispatch;
    let history = new AbortController();
    const loadHistory = (instance: string | null) => {
      void getHistory(HISTORY_WINDOW, history.signal).then((result) => {
        if (result.ok) dispatch({ type: 'history', history: result.data, instance });
      });
    };
    // On load, asked at once (before the first snapshot names the instance).
    loadHistory(null);
    let shown: Lab | null = null;
    let focus: string | null = store.getState().focus;

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
        // Rendered and committed before this returns (see useSlice): no task of React's own.
        flushSync(() => {
          if (focus !== null && !lab.services.some((s) => s.name === focus)) {
            // The open service is gone (a server restarted with another lab): closed.
            focus = null;
            dispatch({ type: 'focus', service: null });
          }
          dispatch({ type: 'snapshot', lab, receivedAt: Date.now() });
        });
        // A large lab is followed without its pods (the first snapshot tells the size).
        connection.select(streamUrl(isLargeLab(lab), focus));
      },
      onState: (connectionState) => dispatch({ type: 'connection', state: connectionState }),
    });
    follow.current = (service) => {
      focus = service;
      connection.select(streamUrl(isLargeLab(shown), focus));
    };
    connection.start();
    return () => {
      follow.current = () => {};
      history.abort();
      gaps.stop();
      connection.stop();
    };
  }, [deps, store, follow]);

  const focusService = useCallback(
    (service: string | null) => {
      store.dispatch({ type: 'focus', service });
      follow.current(service);
    },
    [store, follow],
  );
  return useMemo(() => ({ store, focusService }), [store, focusService]);
}

/** The whole live state as one value (re-renders on every change; the page uses useLiveStore). */
export function useLiveLab(deps: () => ConnectionDeps = browserDeps): LiveLab {
  const { store, focusService } = useLiveStore(deps);
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return useMemo(() => ({ ...state, focusService }), [state, focusService]);
}
