import { memo, useEffect, useRef, useState } from 'react';
import type { PodActions } from './actions';
import { useExpiring } from './useExpiring';

/** Longest wait for the page to show a restart before the button is offered again. */
export const RESTART_WAIT_MS = 10000;
/** Shortest time the button stays disabled after a click, even when the page shows the restart
 * at once: a double or triple click of a person is one restart. */
export const RESTART_HOLD_MS = 1000;

interface Props {
  podId: string;
  /** The pod's restart count as the page shows it. */
  restarts: number;
  restartPod: PodActions['restartPod'];
}

/**
 * Restart one pod. The button stays disabled from the click until the page shows the restart
 * (the pod's count reaches the one the server answered), and for at least RESTART_HOLD_MS, so
 * quick clicks restart once.
 */
function RestartButtonImpl({ podId, restarts, restartPod }: Props) {
  const busy = useRef(false);
  const clickedAt = useRef(0);
  const [pending, setPending] = useState(false);
  /** The restart count the server answered, until the page shows it (and the hold is over). */
  const [awaited, setAwaited] = useState<number | null>(null);
  const [error, setError] = useExpiring<string>();

  const release = () => {
    busy.current = false;
    setAwaited(null);
  };

  useEffect(() => {
    if (awaited === null) return;
    const held = clickedAt.current + RESTART_HOLD_MS - Date.now();
    if (restarts >= awaited && held <= 0) {
      release();
      return;
    }
    const timer = setTimeout(release, restarts >= awaited ? held : RESTART_WAIT_MS);
    return () => clearTimeout(timer);
  }, [awaited, restarts]);

  async function restart() {
    if (busy.current) return;
    busy.current = true;
    clickedAt.current = Date.now();
    setPending(true);
    setError(null);
    const result = await restartPod(podId);
    setPending(false);
    if (result.ok) {
      setAwaited(result.data.pod.restarts);
    } else {
      busy.current = false;
      setError(result.detail, result.status === 0);
    }
  }

  const disabled = pending || awaited !== null;
  return (
    <span className="restart">
      <button
        type="button"
        onClick={restart}
        disabled={disabled}
        aria-label={`Restart ${podId}`}
        data-testid={`restart-${podId}`}
      >
        {disabled ? 'Restarting…' : 'Restart'}
      </button>
      {error ? (
        <span className="inline-error" role="alert" data-testid={`restart-error-${podId}`}>
          {error}
        </span>
      ) : null}
    </span>
  );
}

export const RestartButton = memo(RestartButtonImpl);
