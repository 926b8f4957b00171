// Types for every payload of the healthboard HTTP API (see the server's live API notes).
// Times are unix seconds (float). `null` means "no data", never zero.

export type Status = 'Healthy' | 'Degraded' | 'Down';
export type Phase = 'Running' | 'Starting' | 'Terminated';
export type IndicatorLevel = 'normal' | 'medium' | 'high';

/** Values keyed by window ("5m", "30m", ... and the SLO window); iterate keys in order. */
export type WindowValues<T = number | null> = Record<string, T>;

export interface Service {
  name: string;
  status: Status;
  /** Why it has that status, in a few words. */
  reason: string;
  pods_ready: number;
  pods_total: number;
  dependencies: string[];
  /** A real lab's: the address healthboard takes the service's requests on; null when simulated. */
  listen: string | null;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  error_ratio: number | null;
  request_rate: number | null;
  restarts: number;
  /** Requests its pods have been handed and not answered yet. */
  requests_in_flight: number;
  /** Age of the oldest of them that has started; null when none has. */
  oldest_in_flight_ms: number | null;
  // The Deployment, as `kubectl get deployment` shows it.
  replicas_desired: number;
  replicas_current: number;
  replicas_ready: number;
  replicas_available: number;
  /** Pods of the rollout's version (UP-TO-DATE). */
  replicas_updated: number;
  version: string;
  /** Requests a pod serves at once; null when unlimited. */
  concurrency: number | null;
  /** Requests waiting for a worker over all its pods. */
  queue_length: number;
  /** Busy workers / concurrency over its pods, 0..1; null without a limit. */
  utilization: number | null;
  rollout: Rollout;
  /** The HorizontalPodAutoscaler that owns its replica count, if any. */
  autoscaler: Autoscaler | null;
}

export type RolloutStatus = 'complete' | 'progressing' | 'failed';

/** A Deployment's rollout: its Progressing condition and what it rolls to. */
export interface Rollout {
  /** 1 for the version the lab started with, +1 per rollout or undo. */
  revision: number;
  status: RolloutStatus;
  /** The condition's reason: NewReplicaSetAvailable, ReplicaSetUpdated, ProgressDeadlineExceeded. */
  reason: string;
  message: string;
  version: string;
  /** What undo goes back to; null when there is nothing to undo. */
  previous_version: string | null;
  started_at: number;
  updated_replicas: number;
  desired_replicas: number;
}

export interface Autoscaler {
  min_replicas: number;
  max_replicas: number;
  /** Busy workers / concurrency it aims at, 0..1. */
  target_utilization: number;
  current_replicas: number;
  desired_replicas: number;
  /** As of its last sync; null before the first. */
  current_utilization: number | null;
  last_scale_at: number | null;
}

/** PodStatus.phase, as the API server reports it. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
export type ContainerState = 'waiting' | 'running' | 'terminated';

export interface Pod {
  id: string;
  service: string;
  status: Status;
  last_heartbeat: number;
  restarts: number;
  /** Median latency of recent requests; a number at every instant (0 before the first). */
  latency_ms: number;
  /** Injected fault: error rate 0..1 (0 = none). */
  error_rate: number;
  /** Injected fault: extra delay in ms (0 = none). */
  delay_ms: number;
  /** Injected fault: the pod is killed. */
  killed: boolean;
  /** Injected fault: the added delay varies by up to this much either way (ms). */
  jitter_ms?: number;
  /** Unix seconds when the soonest timed fault ends by itself; null when none is timed. */
  fault_ends_at?: number | null;
  phase: Phase | string;
  /** Running and in its service's endpoints. */
  ready: boolean;
  /** Traffic still routed to it (a killed pod stays in the endpoints for a while). */
  in_endpoints: boolean;
  reason: string;
  /** A real lab's: the upstream address the pod stands for; null when simulated. */
  endpoint: string | null;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  error_ratio: number | null;
  request_rate: number | null;
  requests_in_flight: number;
  oldest_in_flight_ms: number | null;
  // The Kubernetes view of the pod.
  pod_phase: PodPhase;
  container_state: ContainerState;
  /** e.g. "ContainerCreating", "CrashLoopBackOff", "Error"; null when none. */
  container_reason: string | null;
  /** kubectl's STATUS column: Running, ContainerCreating, CrashLoopBackOff, Terminating, ... */
  kubectl_status: string;
  uid: string;
  created_at: number;
  /** Seconds since created_at, at the snapshot's time. */
  age_seconds: number;
  version: string;
  /** Requests it serves at once; null when unlimited. */
  concurrency: number | null;
  busy_workers: number;
  queued: number;
  /** busy_workers / concurrency, 0..1; null without a limit. */
  utilization: number | null;
  /** Unix seconds when the kubelet starts the container again (CrashLoopBackOff); else null. */
  back_off_until: number | null;
  last_restart_at: number | null;
  terminating: boolean;
  /** Injected fault: every start of the container dies (until cleared). */
  crash_loop: boolean;
}

export interface Alert {
  name: string;
  severity: string;
  slo: string;
  sli: string;
  state: string;
  since: number;
  long_window: string;
  short_window: string;
  threshold: number;
  long_burn_rate: number | null;
  short_burn_rate: number | null;
  /** How long a firing alert holds after its condition goes false (Prometheus' keep_firing_for). */
  keep_firing_for_seconds: number;
  /** Firing, with its condition false since then (unix seconds); else null. */
  resolving_since: number | null;
  /** When it resolves unless its condition comes back (unix seconds); else null. */
  resolves_at: number | null;
}

export interface Sli {
  target: number;
  sli: number | null;
  budget_consumed: number | null;
  budget_remaining: number | null;
  budget_exhausted_in_seconds: number | null;
  error_ratio: WindowValues;
  burn_rate: WindowValues;
  requests: WindowValues;
  bad_requests: WindowValues;
  /** Seconds of each window that have data: since the lab started, at most the window. */
  data_seconds: WindowValues;
}

export interface LatencySli extends Sli {
  threshold_ms: number;
}

export interface SloEntry {
  name: string;
  scope: 'lab' | 'service' | string;
  window: string;
  availability: Sli;
  latency: LatencySli;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  indicator: IndicatorLevel | null;
  alerts: Alert[];
}

export interface Slo {
  /** What the lab SLO counts, in words. */
  scope: string;
  latency_p95_target_ms: number;
  availability_target: number;
  burn_rate_5m: number | null;
  budget_remaining: number | null;
  indicator: IndicatorLevel | null;
  window: string;
  window_seconds: number;
  /** Seconds of the SLO window that have data; below window_seconds while the lab is younger. */
  window_data_seconds: number;
  latency_target: number;
  error_ratio_5m: number | null;
  requests_5m: number;
  latency_p95_ms: number | null;
  availability: number | null;
  requests_window: number;
  budget_consumed: number | null;
  budget_exhausted_in_seconds: number | null;
  slos: SloEntry[];
  alerts_firing: Alert[];
  timestamp: number;
}

export type EventKind =
  | 'fault'
  | 'restart'
  | 'pod_status'
  | 'service_status'
  | 'alert'
  | 'fault_expired'
  | 'fault_cleared'
  | 'partition'
  | 'container'
  | 'deployment'
  | 'autoscaler'
  | 'lab';

/** Kubernetes' event type. */
export type EventType = 'Normal' | 'Warning';

export interface LabEvent {
  id: number;
  at: number;
  /** One of EventKind; later server versions may add kinds, so any string is accepted. */
  kind: EventKind | (string & {});
  target: string;
  service: string | null;
  message: string;
  /** e.g. "info"; sent by newer servers. */
  level?: string;
  /** Kubernetes' reason: Scheduled, Started, Killing, BackOff, Unhealthy, ScalingReplicaSet,
   * SuccessfulRescale, or the lab's own (FaultInjected, Restarted, ...). */
  reason: string;
  type: EventType;
}

export interface SampleService {
  name: string;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  error_ratio: number | null;
  request_rate: number | null;
  pods_healthy: number | null;
  pods_ready: number | null;
  pods_total: number | null;
}

export interface Sample {
  t: number;
  services: SampleService[];
}

/** A span the server was down (a lab kept in a data directory): no traffic was simulated in it,
 * and no SLO window has data there. Unix seconds. */
export interface Downtime {
  from: number;
  to: number;
  seconds: number;
}

/** GET /lab, and the payload of every `snapshot` event of GET /stream. */
export interface Lab {
  /** This run of the server: 64 random bits in hex, new at every start. A change means the
   * server restarted, and what the page kept (events, history) came from the earlier run. */
  instance: string;
  version: number;
  timestamp: number;
  status: Status;
  services: Service[];
  pods: Pod[];
  slo: Slo;
  events: LabEvent[];
  sample: Sample | null;
  /** When the lab's data began: its first start, kept across restarts. Unix seconds. */
  started_at: number;
  /** The spans the server was down since then, oldest first; empty for a lab never restarted. */
  downtimes: Downtime[];
}

export interface HistoryService {
  name: string;
  latency_p50_ms: (number | null)[];
  latency_p95_ms: (number | null)[];
  latency_p99_ms: (number | null)[];
  error_ratio: (number | null)[];
  request_rate: (number | null)[];
  pods_healthy: (number | null)[];
  pods_ready: (number | null)[];
  pods_total: (number | null)[];
}

/** GET /history?window=5m: columnar, oldest first. */
export interface History {
  window_seconds: number;
  step_seconds: number;
  timestamp: number;
  t: number[];
  services: HistoryService[];
  events: LabEvent[];
}

/** GET /events */
export interface EventsPage {
  events: LabEvent[];
  total: number;
  /** How many events the server keeps (newer servers). */
  kept?: number;
  next_before: number | null;
}

/** Body of POST /fault/{pod_id}: any subset of the fields; those left out keep their value. */
export interface FaultPatch {
  delay_ms?: number;
  jitter_ms?: number;
  error_rate?: number;
  kill?: boolean;
  /** One shot: the container exits and the kubelet restarts it. */
  crash?: boolean;
  /** Until cleared: every start of the container dies (CrashLoopBackOff). */
  crash_loop?: boolean;
  /** Seconds (0 < d <= 86400) after which the fields set in the same request revert; only
   * together with at least one of the fields above. */
  duration_s?: number;
}

/** 200 answer of POST /restart (and of every command on one pod): the pod after it. */
export interface PodActionResult {
  message: string;
  pod: Pod;
  /** Lab time (unix seconds) of the snapshot the command was answered from. */
  timestamp: number;
}

/** 200 answer of POST /fault/{pod_id}. */
export interface FaultResult extends PodActionResult {
  /** False when the pod's faults were already so ("Nothing changed on ..."; no event logged). */
  changed: boolean;
}

/** Body of POST /scale/{service}. */
export interface ScaleRequest {
  replicas: number;
}

/** 200 answer of POST /scale/{service}. */
export interface ScaleResult {
  service: string;
  replicas: number;
  previous: number;
  changed: boolean;
}

/** Body of POST /rollout/{service}: the new version and, optionally, how it behaves. */
export interface RolloutRequest {
  version: string;
  latency_median_ms?: number;
  latency_sigma?: number;
  error_rate?: number;
}

/** Answer of GET /rollout/{service}, POST /rollout/{service} and its undo. */
export interface RolloutResult {
  service: string;
  rollout: Rollout;
}

export type ApiResult<T> =
  | { ok: true; data: T }
  /** status 0 means the request never got an HTTP answer (network error, abort). */
  | { ok: false; status: number; detail: string; field?: string };
