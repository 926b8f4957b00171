// Whether the figures on screen are no longer current: the server sends a snapshot every second,
// so none for a few seconds (or polls failing) means what is shown is old.
import { useEffect, useState } from 'react';
import type { ConnectionState } from './connection';

/** No snapshot for this long: the figures are stale (the stream sends one a second). */
export const STALE_AFTER_MS = 3000;

export function isStale(
  connection: ConnectionState,
  receivedAt: number | null,
  nowMs: number,
): boolean {
  if (receivedAt === null) return false;
  return connection === 'offline' || nowMs - receivedAt > STALE_AFTER_MS;
}

/** isStale, re-evaluated when the shown snapshot gets too old (one timer, no ticking). */
export function useStale(connection: ConnectionState, receivedAt: number | null): boolean {
  const [now, setNow] = useState(() => Date.now());
  const stale = isStale(connection, receivedAt, now);
  useEffect(() => {
    if (receivedAt === null || stale) return;
    const timer = setTimeout(
      () => setNow(Date.now()),
      Math.max(0, receivedAt + STALE_AFTER_MS + 1 - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [receivedAt, stale]);
  return stale;
}

/** The current time (ms), re-rendered every `ms` while `active`; for "25 s ago" texts. */
export function useTicker(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}

/** isStale of the store's state, re-evaluated on each change and when the shown snapshot gets
 * too old; re-renders only when the answer changes. One timer at a time: a new snapshot moves
 * the deadline, not the timer, which finds the newer snapshot when it fires and is set again
 * for that one's deadline (a timer cleared and set on every snapshot cost a task queue change
 * each second). */
export function useStaleStore(store: {
  getState: () => { connection: ConnectionState; receivedAt: number | null };
  subscribe: (listener: () => void) => () => void;
}): boolean {
  const now = () => {
    const { connection, receivedAt } = store.getState();
    return isStale(connection, receivedAt, Date.now());
  };
  const [stale, setStale] = useState(now);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const { connection, receivedAt } = store.getState();
      const at = Date.now();
      const answer = isStale(connection, receivedAt, at);
      setStale(answer);
      if (receivedAt !== null && !answer && timer === undefined) {
        timer = setTimeout(
          () => {
            timer = undefined;
            check();
          },
          Math.max(0, receivedAt + STALE_AFTER_MS + 1 - at),
        );
      }
    };
    check();
    const unsubscribe = store.subscribe(check);
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store]);
  return stale;
}
