import type { Pod } from '../api/types';
import { formatPercent } from './format';

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

/**
 * Whether a pod's row would show the same: its status, phase, latency (shown, and exact in
 * `data-value`), error ratio as shown, restarts and faults. The other fields (heartbeat,
 * percentiles, request rate) change every second without being shown.
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
      a.fault_ends_at === b.fault_ends_at)
  );
}
