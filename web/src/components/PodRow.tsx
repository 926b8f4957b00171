import { memo, useCallback, useState } from 'react';
import type { Pod } from '../api/types';
import { formatMs, formatPercent } from '../lib/format';
import {
  formatAge,
  formatBackOff,
  formatReady,
  formatRestarts,
  formatWorkers,
  kubectlStatus,
  podNow,
  statusLevel,
} from '../lib/kube';
import { podsOf } from '../lib/labIndex';
import { samePodRow } from '../lib/pods';
import type { LabState } from '../live/labStore';
import { useTicker } from '../live/useStale';
import { useLiveFigure } from '../live/useSlice';
import type { PodActions } from './actions';
import { FaultBadges } from './FaultBadges';
import { FaultForm } from './FaultForm';
import { RestartButton } from './RestartButton';
import { StatusBadge } from './StatusBadge';

interface Props {
  pod: Pod;
  actions: PodActions;
}

/** "back-off: restarts in 17 s", counted down every second on this page's clock from the wait
 * left at the snapshot (so a skewed clock does not shift it); gone when the wait is over.
 * Mounted again (keyed) when the kubelet sets another wait. */
function BackOff({ id, left }: { id: string; left: number }) {
  const [deadline] = useState(() => Date.now() + left * 1000);
  const now = useTicker(deadline > Date.now());
  const text = formatBackOff((deadline - now) / 1000);
  return text ? (
    <span className="backoff" data-testid={`pod-backoff-${id}`}>
      {text}
    </span>
  ) : null;
}

/** A latency box's `data-value`: the number shown, '' for none. */
const writeValue = (el: HTMLElement, value: number | null) => {
  el.dataset.value = String(value ?? '');
};

/** A figure of the pod that changes every second, read from the live store's snapshot (from
 * `pod` without a store) by its own box: a new value is written into this box by the store's
 * listener (useLiveFigure), nothing re-renders. The latency changes with most snapshots;
 * kubectl's AGE every second in a pod's first ten minutes, then every minute or less often. */
function PodFigure({ pod, field }: { pod: Pod; field: 'latency_ms' | 'age_seconds' }) {
  const { id, service } = pod;
  const latency = field === 'latency_ms';
  const [value, ref] = useLiveFigure<number | null>(
    useCallback(
      (s: LabState) => podsOf(s.lab, service).find((p) => p.id === id)?.[field],
      [id, service, field],
    ),
    pod[field],
    latency ? formatMs : (formatAge as (age: number | null) => string),
    latency ? writeValue : undefined,
  );
  return latency ? (
    <span
      ref={ref}
      className="live live-ms"
      data-testid={`pod-latency-${id}`}
      data-value={value ?? ''}
    >
      {formatMs(value)}
    </span>
  ) : (
    <span ref={ref} className="live live-age" data-testid={`pod-age-${id}`}>
      {formatAge(value as number)}
    </span>
  );
}

/** One pod: status and kubectl's STATUS, latency, error ratio, restarts, faults, Restart; READY,
 * AGE, version, workers and back-off; and a Faults disclosure, whose form is mounted when it is
 * first opened (about half a row's DOM nodes) and kept after, so typed values survive a close. */
function PodRowImpl({ pod, actions }: Props) {
  const { id } = pod;
  const [faultsOpened, openFaults] = useState(false);
  const now = podNow(pod);
  const kubectl = kubectlStatus(pod);
  const workers = formatWorkers(pod.utilization, pod.busy_workers, pod.concurrency, pod.queued);
  return (
    <li className="pod" data-testid={`pod-row-${id}`}>
      <div className="pod-line">
        <span className="pod-id">{id}</span>
        <StatusBadge
          status={pod.status}
          testId={`pod-status-${id}`}
          note={pod.phase !== 'Running' ? pod.phase : undefined}
        />
        <span
          className={`kubectl kubectl-${statusLevel(kubectl)}`}
          data-testid={`pod-kubectl-status-${id}`}
          data-value={kubectl}
        >
          {kubectl}
        </span>
        <span className="metric">
          <span className="metric-label">latency</span> <PodFigure pod={pod} field="latency_ms" />
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
            {formatRestarts(pod.restarts, pod.last_restart_at, now)}
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
      <div className="pod-kube">
        <span>
          ready <span data-testid={`pod-ready-${id}`}>{formatReady(pod)}</span>
        </span>
        <span>
          age <PodFigure pod={pod} field="age_seconds" />
        </span>
        <span data-testid={`pod-version-${id}`}>{pod.version}</span>
        {workers ? <span data-testid={`pod-workers-${id}`}>{workers}</span> : null}
        {pod.back_off_until !== null && pod.back_off_until > now ? (
          <BackOff key={pod.back_off_until} id={id} left={pod.back_off_until - now} />
        ) : null}
      </div>
      <details className="pod-faults">
        {/* Mounted by the click (a key's too) before the browser opens the section: the toggle
            event comes a frame later, when it would already show open and empty. */}
        <summary onClick={() => openFaults(true)}>
          Faults<span className="sr-only"> for {id}</span>
        </summary>
        {faultsOpened ? (
          <FaultForm
            podId={id}
            delayMs={pod.delay_ms}
            jitterMs={pod.jitter_ms ?? 0}
            errorRate={pod.error_rate}
            killed={pod.killed}
            crashLoop={pod.crash_loop}
            postFault={actions.postFault}
          />
        ) : null}
      </details>
    </li>
  );
}

// Re-renders only when something the row shows changed (a pod's heartbeat changes every second;
// its latency and AGE boxes follow the store themselves).
export const PodRow = memo(
  PodRowImpl,
  (a, b) => a.actions === b.actions && samePodRow(a.pod, b.pod),
);
