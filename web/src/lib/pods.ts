import type { Pod } from '../api/types';
import { formatPercent } from './format';
import { formatRestarts, formatWorkers, podNow } from './kube';

/** Pods grouped by service name, in their original order. */
export function podsByService(pods: readonly Pod[]): Map<string, Pod[]> {
  const groups = new Map<string, Pod[]>();
  for (const pod of pods) {
    const group = groups.get(pod.service);
    if (group) group.push(pod);
    else groups.set(pod.service, [pod]);
  }
  return groups;
}

/** What a pod row shows of its restarts and workers, as text (these change with time). */
const kubeText = (p: Pod): string =>
  `${formatRestarts(p.restarts, p.last_restart_at, podNow(p))} ` +
  formatWorkers(p.utilization, p.busy_workers, p.concurrency, p.queued);

/**
 * Whether a pod's row would show the same: its status, phase, error ratio as shown, restarts
 * and faults, and the Kubernetes view (STATUS, READY and restarts as kubectl words them,
 * version, workers, back-off). The other fields (heartbeat, percentiles, request rate) change
 * every second without being shown; the back-off countdown ticks by itself, and the latency
 * and AGE, which change with most snapshots, are read from the live store by the row's own
 * boxes (PodRow's PodFigure).
 */
export function samePodRow(a: Pod, b: Pod): boolean {
  return (
    a === b ||
    (ROW_FIELDS.every((key) => a[key] === b[key]) &&
      formatPercent(a.error_ratio) === formatPercent(b.error_ratio) &&
      kubeText(a) === kubeText(b))
  );
}

/** The fields a pod row shows as they are. */
const ROW_FIELDS = [
  'id',
  'status',
  'phase',
  'restarts',
  'delay_ms',
  'error_rate',
  'killed',
  'jitter_ms',
  'fault_ends_at',
  'crash_loop',
  'kubectl_status',
  'container_reason',
  'terminating',
  'ready',
  'version',
  'back_off_until',
] as const satisfies readonly (keyof Pod)[];
