import { memo, useState } from 'react';
import type { PodActions } from './actions';

interface Props {
  podId: string;
  restartPod: PodActions['restartPod'];
}

function RestartButtonImpl({ podId, restartPod }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function restart() {
    setPending(true);
    setError(null);
    const result = await restartPod(podId);
    setPending(false);
    if (!result.ok) setError(result.detail);
  }

  return (
    <span className="restart">
      <button
        type="button"
        onClick={restart}
        disabled={pending}
        aria-label={`Restart ${podId}`}
        data-testid={`restart-${podId}`}
      >
        {pending ? 'Restarting…' : 'Restart'}
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
