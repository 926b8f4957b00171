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
import { podOf } from '../lib/labIndex';
import { samePodRow } from '../lib/pods';
import type { LabState } from '../live/labStore';
import { useTicker } from '../live/useStale';
import { useOptionalSlice } from '../live/useSlice';
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

/** kubectl's AGE of the pod in the live store's snapshot (`ageSeconds` without a store): it
 * changes every second in a pod's first ten minutes, and then re-renders this box, not the row. */
const PodAge = memo(function PodAge({ id, ageSeconds }: { id: string; ageSeconds: number }) {
  const shown = useOptionalSlice(
    useCallback(
      (s: LabState) => {
        const live = podOf(s.lab, id);
        return live ? formatAge(live.age_seconds) : null;
      },
      [id],
    ),
    null,
  );
  return (
    <span className="live live-age" data-testid={`pod-age-${id}`}>
      {shown ?? formatAge(ageSeconds)}
    </span>
  );
});

// The row's parts, each re-rendered only when what it shows changed: a new latency re-renders
// the row's two boxes and that figure, not its forty elements.

/** The pod's name, status and kubectl's STATUS. */
const PodHead = memo(function PodHead({ pod }: { pod: Pod }) {
  const { id } = pod;
  const kubectl = kubectlStatus(pod);
  return (
    <>
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
    </>
  );
}, sameHead);

function sameHead({ pod: a }: { pod: Pod }, { pod: b }: { pod: Pod }): boolean {
  return (
    a.id === b.id &&
    a.status === b.status &&
    a.phase === b.phase &&
    kubectlStatus(a) === kubectlStatus(b)
  );
}

/** One figure with its label: "latency 48.3 ms". */
const Metric = memo(function Metric(props: {
  label: string;
  className?: string;
  testId: string;
  value?: string | number;
  text: string;
}) {
  return (
    <span className="metric">
      <span className="metric-label">{props.label}</span>{' '}
      <span className={props.className} data-testid={props.testId} data-value={props.value}>
        {props.text}
      </span>
    </span>
  );
});

/** READY: "1/1". */
const PodReady = memo(function PodReady({ id, ready }: { id: string; ready: string }) {
  return (
    <span>
      ready <span data-testid={`pod-ready-${id}`}>{ready}</span>
    </span>
  );
});

/** The version, the workers and the back-off. */
const PodFacts = memo(function PodFacts(props: {
  id: string;
  version: string;
  workers: string;
  backOffUntil: number | null;
  backOffLeft: number;
}) {
  const { id, workers, backOffUntil } = props;
  return (
    <>
      <span data-testid={`pod-version-${id}`}>{props.version}</span>
      {workers ? <span data-testid={`pod-workers-${id}`}>{workers}</span> : null}
      {backOffUntil !== null && props.backOffLeft > 0 ? (
        <BackOff key={backOffUntil} id={id} left={props.backOffLeft} />
      ) : null}
    </>
  );
});

/** The Faults disclosure and its form. */
const PodFaults = memo(function PodFaults(props: {
  id: string;
  delayMs: number;
  jitterMs: number;
  errorRate: number;
  killed: boolean;
  crashLoop: boolean;
  postFault: PodActions['postFault'];
}) {
  const { id, ...faults } = props;
  return (
    <details className="pod-faults">
      <summary>
        Faults<span className="sr-only"> for {id}</span>
      </summary>
      <FaultForm podId={id} {...faults} />
    </details>
  );
});

/** One pod: status and kubectl's STATUS, latency, error ratio, restarts, faults, Restart; READY,
 * AGE, version, workers and back-off; and a Faults disclosure. */
function PodRowImpl({ pod, actions }: Props) {
  const { id } = pod;
  const now = podNow(pod);
  return (
    <li className="pod" data-testid={`pod-row-${id}`}>
      <div className="pod-line">
        <PodHead pod={pod} />
        <Metric
          label="latency"
          className="live live-ms"
          testId={`pod-latency-${id}`}
          value={pod.latency_ms ?? ''}
          text={formatMs(pod.latency_ms)}
        />
        <Metric
          label="errors"
          className="live live-pct"
          testId={`pod-errors-${id}`}
          text={formatPercent(pod.error_ratio)}
        />
        <Metric
          label="restarts"
          testId={`pod-restarts-${id}`}
          value={pod.restarts}
          text={formatRestarts(pod.restarts, pod.last_restart_at, now)}
        />
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
        <PodReady id={id} ready={formatReady(pod)} />
        <span>
          age <PodAge id={id} ageSeconds={pod.age_seconds} />
        </span>
        <PodFacts
          id={id}
          version={pod.version}
          workers={formatWorkers(pod.utilization, pod.busy_workers, pod.concurrency, pod.queued)}
          backOffUntil={pod.back_off_until}
          backOffLeft={
            pod.back_off_until !== null && pod.back_off_until > now ? pod.back_off_until - now : 0
          }
        />
      </div>
      <PodFaults
        id={id}
        delayMs={pod.delay_ms}
        jitterMs={pod.jitter_ms ?? 0}
        errorRate={pod.error_rate}
        killed={pod.killed}
        crashLoop={pod.crash_loop}
        postFault={actions.postFault}
      />
    </li>
  );
}

// Re-renders only when something the row shows changed (a pod's heartbeat changes every second).
export const PodRow = memo(
  PodRowImpl,
  (a, b) => a.actions === b.actions && samePodRow(a.pod, b.pod),
);
