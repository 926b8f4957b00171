// The Kubernetes view as kubectl words it: pod ages and restarts, READY, a Deployment's
// replicas, its rollout and its autoscaler. Pure; the server computes every figure.
import type { Autoscaler, Pod, Rollout, Service } from '../api/types';
import { checkField, fieldRule, type FieldCheck } from './fieldRules';
import { formatPercent, NO_DATA } from './format';

/**
 * A duration as kubectl prints an AGE (apimachinery's HumanDuration): "45s", "5m2s", "12m",
 * "3h4m", "10h", "2d3h", "30d", "2y10d".
 */
export function formatAge(seconds: number): string {
  const s = Math.trunc(seconds);
  if (!(s >= -1)) return s < -1 ? '<invalid>' : NO_DATA;
  if (s < 120) return `${Math.max(0, s)}s`;
  const two = (big: number, unit: string, small: number, smallUnit: string) =>
    small ? `${big}${unit}${small}${smallUnit}` : `${big}${unit}`;
  const m = Math.floor(s / 60);
  if (m < 10) return two(m, 'm', s % 60, 's');
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return two(h, 'h', m % 60, 'm');
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return two(d, 'd', h % 24, 'h');
  if (d < 730) return `${d}d`;
  const y = Math.floor(d / 365);
  return y < 8 ? two(y, 'y', d % 365, 'd') : `${y}y`;
}

/** The server's clock at the pod's snapshot (unix s): when its age was measured. */
export const podNow = (pod: Pod): number => pod.created_at + pod.age_seconds;

/** kubectl's RESTARTS: "0", "3 (17s ago)". */
export function formatRestarts(restarts: number, lastRestartAt: number | null, now: number) {
  return restarts > 0 && lastRestartAt !== null
    ? `${restarts} (${formatAge(now - lastRestartAt)} ago)`
    : String(restarts);
}

/** kubectl's READY for the pod's one container: "1/1" or "0/1". */
export const formatReady = (pod: Pod): string => (pod.ready ? '1/1' : '0/1');

/** kubectl's STATUS, Terminating while the pod is being deleted. */
export const kubectlStatus = (pod: Pod): string =>
  pod.terminating ? 'Terminating' : pod.kubectl_status;

/** How a STATUS reads: fine (Running, Completed), bad (a crash or failure), or in between. */
export function statusLevel(status: string): 'ok' | 'warn' | 'bad' {
  if (status === 'Running' || status === 'Completed') return 'ok';
  return /BackOff|Err|Fail|OOM|Unknown/.test(status) ? 'bad' : 'warn';
}

/** "back-off: restarts in 17 s" while the kubelet waits, '' once the wait is over. */
export function formatBackOff(secondsLeft: number): string {
  return secondsLeft > 0 ? `back-off: restarts in ${Math.ceil(secondsLeft)} s` : '';
}

/** A pod's workers when it has a limit: "75 % busy (3/4), 2 queued"; '' without a limit. */
export function formatWorkers(
  utilization: number | null,
  busy: number,
  concurrency: number | null,
  queued: number,
): string {
  if (concurrency === null) return '';
  return `${formatPercent(utilization, 0)} busy (${busy}/${concurrency})${queued ? `, ${queued} queued` : ''}`;
}

/** `kubectl get deployment`'s figures: "3/3 ready, 3 up-to-date, 3 available". */
export const formatDeployment = (s: Service): string =>
  `${s.replicas_ready}/${s.replicas_desired} ready, ${s.replicas_updated} up-to-date, ` +
  `${s.replicas_available} available`;

/** What a rollout is doing, in `kubectl rollout status`'s manner. */
export function formatRollout(r: Rollout): string {
  if (r.status === 'progressing') {
    return `rolling out ${r.version}: ${r.updated_replicas}/${r.desired_replicas} updated`;
  }
  if (r.status === 'failed') {
    return `rollout of ${r.version} failed${r.message ? `: ${r.message}` : ''}`;
  }
  return `${r.version} rolled out (revision ${r.revision})`;
}

/** "2–6 replicas, target 80 %, now 65 %". */
export const formatAutoscaler = (a: Autoscaler): string =>
  `${a.min_replicas}–${a.max_replicas} replicas, target ${formatPercent(a.target_utilization, 0)}, ` +
  `now ${a.current_utilization === null ? 'no data' : formatPercent(a.current_utilization, 0)}`;

/** Why the scale control is off: an autoscaler owns the replica count (HPAs are named after
 * their Deployment); null when a person may scale. */
export const scaleOwner = (s: Service): string | null =>
  s.autoscaler
    ? `HorizontalPodAutoscaler ${s.name} owns the replica count (${s.autoscaler.min_replicas}–${s.autoscaler.max_replicas})`
    : null;

const REPLICAS = fieldRule('scale', 'replicas');

/** The replica count typed in the scale control, by the server's rule for POST /scale. */
export const checkReplicas = (input: string): FieldCheck<number> => checkField(REPLICAS, input);
