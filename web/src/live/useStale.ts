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
