// Reading one slice of the live store: a component re-renders when its slice changed, as told
// by `equal` (by default identity), not on every snapshot.
import {
  createContext,
  useContext,
  useLayoutEffect,
  useReducer,
  useRef,
  type RefObject,
} from 'react';
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

const bump = (n: number) => n + 1;

/**
 * The slice `select` takes from the page's state. While `equal` holds between the slice shown
 * and a new one, the one shown is returned (same reference): the component does not re-render.
 *
 * Not useSyncExternalStore: that queues a passive effect for every component whose slice
 * changed, and React runs passive effects in a task of its own after each update. Here the
 * store's change is seen by a listener subscribed in a layout effect (none runs on updates
 * while `select` and `equal` are stable), which re-renders the component when its slice
 * differs. A snapshot is dispatched inside flushSync (useLiveStore), so it renders and commits in
 * the task that brought it, as with useSyncExternalStore; other changes (history, connection,
 * focus) render in a task of React's scheduler.
 */
export function useSlice<T>(
  select: (state: LabState) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const store = useStore();
  const [, rerender] = useReducer(bump, 0);
  const cache = useRef<Cached<T> | null>(null);
  const read = (): T => {
    const state = store.getState();
    const last = cache.current;
    if (last && last.state === state && last.select === select) return last.value;
    const next = select(state);
    const value = last && equal(last.value, next) ? last.value : next;
    cache.current = { state, select, value };
    return value;
  };
  const value = read();
  useStoreWriter(
    () => {
      const shown = cache.current?.value;
      if (read() !== shown) rerender();
    },
    select,
    equal,
  );
  return value;
}

/**
 * A figure that changes with most snapshots (a pod's latency and AGE, a card's rate, the header's
 * clock), kept current by the store's listener itself, not by rendering: the listener writes its
 * element's text (`show` of the value `select` takes) when it differs, as React would, and
 * `write` whatever else the element shows of a new value (`data-value`, a `datetime`); nothing
 * re-renders. React's render of a snapshot then leaves the header, the cards and the pod rows
 * alone: no component rendered and no fiber visited there for these boxes. The element is
 * rendered with the value returned (the store's, or `fallback` without a store or a value, as in
 * a unit test) and its text as its only child; `ref` goes on it.
 */
export function useLiveFigure<T, E extends HTMLElement = HTMLSpanElement>(
  select: (state: LabState) => T | undefined,
  fallback: T,
  show: (value: T) => string,
  write?: (element: E, value: T) => void,
): [T, RefObject<E | null>] {
  const store = useContext(StoreContext);
  const ref = useRef<E>(null);
  const read = (state?: LabState): T => {
    const live = state && select(state);
    return live === undefined ? fallback : live;
  };
  const shown = read(store?.getState());
  let last = shown;
  useStoreWriter((state) => {
    const next = read(state);
    if (Object.is(next, last)) return;
    const el = ref.current!;
    const text = show(next);
    // Compared with the text shown, not formatted again from the last value.
    if (el.firstChild!.nodeValue !== text) el.firstChild!.nodeValue = text;
    write?.(el, next);
    last = next;
  }, select);
  return [shown, ref];
}

/**
 * Runs `write` with the store's state now and after each change of it: DOM that changes with
 * most snapshots (a latency chart's data attributes, the figure boxes) written by the store's
 * listener, with nothing rendered. `write` is taken again only when one of `keys` changes; it should
 * compare before writing, as React would. It runs in a layout effect: the store may have changed
 * since the render. Without a store it never runs.
 */
export function useStoreWriter(write: (state: LabState) => void, ...keys: unknown[]): void {
  const store = useContext(StoreContext);
  useLayoutEffect(() => {
    if (!store) return;
    const run = () => write(store.getState());
    run();
    return store.subscribe(run);
  }, [store, ...keys]);
}

/** Sets an attribute when it differs. */
export const setAttr = (el: Element, name: string, value: string): void => {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
};
