import { memo } from 'react';
import type { Pod } from '../api/types';
import { formatMs, formatPercent } from '../lib/format';
import { samePodRow } from '../lib/pods';
import type { PodActions } from './actions';
import { FaultBadges } from './FaultBadges';
import { FaultForm } from './FaultForm';
import { RestartButton } from './RestartButton';
import { StatusBadge } from './StatusBadge';

interface Props {
  pod: Pod;
  actions: PodActions;
}

const numAttr = (v: number | null) => (v === null ? '' : String(v));

/** One pod: status, latency, error ratio, restarts, faults, Restart, and a Faults disclosure. */
function PodRowImpl({ pod, actions }: Props) {
  const { id } = pod;
  return (
    <li className="pod" data-testid={`pod-row-${id}`}>
      <div className="pod-line">
        <span className="pod-id">{id}</span>
        <StatusBadge
          status={pod.status}
          testId={`pod-status-${id}`}
          note={pod.phase !== 'Running' ? pod.phase : undefined}
        />
        <span className="metric">
          <span className="metric-label">latency</span>{' '}
          <span
            className="live live-ms"
            data-testid={`pod-latency-${id}`}
            data-value={numAttr(pod.latency_ms)}
          >
            {formatMs(pod.latency_ms)}
          </span>
        </span>
        <span className="metric">
          <span className="metric-label">errors</span>{' '}
          <span className="live live-pct" data-testid={`pod-errors-${id}`}>
            {formatPercent(pod.error_ratio)}
          </span>
        </span>
        <span className="metric">
          <span className="metric-label">restarts</span>{' '}
          <span data-testid={`pod-restarts-${id}`} data-value={pod.restarts}>
            {pod.restarts}
          </span>
        </span>
        <FaultBadges
          delayMs={pod.delay_ms}
          jitterMs={pod.jitter_ms ?? 0}
          errorRate={pod.error_rate}
          killed={pod.killed}
          endsAt={pod.fault_ends_at ?? null}
        />
        <RestartButton podId={id} restarts={pod.restarts} restartPod={actions.restartPod} />
      </div>
      <details className="pod-faults">
        <summary>
          Faults<span className="sr-only"> for {id}</span>
        </summary>
        <FaultForm
          podId={id}
          delayMs={pod.delay_ms}
          jitterMs={pod.jitter_ms ?? 0}
          errorRate={pod.error_rate}
          killed={pod.killed}
          postFault={actions.postFault}
        />
      </details>
    </li>
  );
}

// Re-renders only when something the row shows changed (a pod's heartbeat changes every second).
export const PodRow = memo(
  PodRowImpl,
  (a, b) => a.actions === b.actions && samePodRow(a.pod, b.pod),
);
