import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a message about something that happened ("Fault applied", a network error) stays:
 * after that it may no longer be true (a timed fault ended, the server is back). */
export const MESSAGE_MS = 6000;

/**
 * A value shown for a while: `set(value)` shows it and clears it `ms` later; `set(value, false)`
 * keeps it until the next set (e.g. a refusal that stays true until the user edits the form).
 */
export function useExpiring<T>(
  ms = MESSAGE_MS,
): [T | null, (value: T | null, expires?: boolean) => void] {
  const [value, setValue] = useState<T | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const set = useCallback(
    (next: T | null, expires = true) => {
      clearTimeout(timer.current);
      setValue(next);
      timer.current = next !== null && expires ? setTimeout(() => setValue(null), ms) : undefined;
    },
    [ms],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  return [value, set];
}
