// Reading one slice of the live store: a component re-renders when its slice changed, as told
// by `equal` (by default identity), not on every snapshot.
import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from 'react';
import type { LabState } from './labStore';
import { LiveStore } from './liveStore';

export const StoreContext = createContext<LiveStore | null>(null);

export function useStore(): LiveStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useSlice outside a StoreContext provider');
  return store;
}

interface Cached<T> {
  state: LabState;
  select: (state: LabState) => T;
  value: T;
}

/**
 * The slice `select` takes from the page's state. While `equal` holds between the slice shown
 * and a new one, the one shown is returned (same reference): the component does not re-render.
 */
export function useSlice<T>(
  select: (state: LabState) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const store = useStore();
  const cache = useRef<Cached<T> | null>(null);
  // Stable while `select` and `equal` are (module-level, or useCallback): a new getSnapshot on
  // every render would make React queue a passive effect, a task of its own, per update.
  const getSnapshot = useCallback((): T => {
    const state = store.getState();
    const last = cache.current;
    if (last && last.state === state && last.select === select) return last.value;
    const next = select(state);
    const value = last && equal(last.value, next) ? last.value : next;
    cache.current = { state, select, value };
    return value;
  }, [store, select, equal]);
  return useSyncExternalStore(store.subscribe, getSnapshot);
}
