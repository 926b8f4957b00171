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
 * Whether a pod's row would show the same: its status, phase, latency (shown, and exact in
 * `data-value`), error ratio as shown, restarts and faults, and the Kubernetes view (STATUS,
 * READY and restarts as kubectl words them, version, workers, back-off). The other fields
 * (heartbeat, percentiles, request rate) change every second without being shown; the
 * back-off countdown ticks by itself, and the AGE, which changes every second in a pod's first
 * ten minutes, is read from the live store by the row's own age box (PodRow's PodAge).
 */
export function samePodRow(a: Pod, b: Pod): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.status === b.status &&
      a.phase === b.phase &&
      a.latency_ms === b.latency_ms &&
      formatPercent(a.error_ratio) === formatPercent(b.error_ratio) &&
      a.restarts === b.restarts &&
      a.delay_ms === b.delay_ms &&
      a.error_rate === b.error_rate &&
      a.killed === b.killed &&
      a.jitter_ms === b.jitter_ms &&
      a.fault_ends_at === b.fault_ends_at &&
      a.crash_loop === b.crash_loop &&
      a.kubectl_status === b.kubectl_status &&
      a.container_reason === b.container_reason &&
      a.terminating === b.terminating &&
      a.ready === b.ready &&
      a.version === b.version &&
      a.back_off_until === b.back_off_until &&
      kubeText(a) === kubeText(b))
  );
}
