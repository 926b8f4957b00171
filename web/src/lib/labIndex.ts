// Lookups into one snapshot, built once per snapshot and shared by every component that asks.
import type { Lab, Pod, Service } from '../api/types';
import { formatAutoscaler, formatDeployment, formatRollout } from './kube';
import { podsByService, samePodRow } from './pods';

interface Index {
  services: Map<string, Service>;
  pods: Map<string, Pod[]>;
  healthy: Map<string, number | null>;
}

const indexes = new WeakMap<Lab, Index>();

function indexOf(lab: Lab): Index {
  let index = indexes.get(lab);
  if (!index) {
    index = {
      services: new Map(lab.services.map((s) => [s.name, s])),
      pods: podsByService(lab.pods),
      healthy: new Map(lab.sample?.services.map((s) => [s.name, s.pods_healthy]) ?? []),
    };
    indexes.set(lab, index);
  }
  return index;
}

export const serviceOf = (lab: Lab | null, name: string): Service | null =>
  lab ? (indexOf(lab).services.get(name) ?? null) : null;

const NO_PODS: readonly Pod[] = [];

/** A service's pods in the snapshot, in their order. */
export const podsOf = (lab: Lab | null, name: string): readonly Pod[] =>
  lab ? (indexOf(lab).pods.get(name) ?? NO_PODS) : NO_PODS;

/** A service's Healthy pods from the snapshot's history sample (null before the first). */
export const healthyOf = (lab: Lab | null, name: string): number | null =>
  lab ? (indexOf(lab).healthy.get(name) ?? null) : null;

/** The services' names, in order. */
export const serviceNames = (lab: Lab | null): readonly string[] =>
  lab ? lab.services.map((s) => s.name) : [];

/** Whether two pod lists show the same rows (see samePodRow). */
export const samePodRows = (a: readonly Pod[], b: readonly Pod[]): boolean =>
  a === b || (a.length === b.length && a.every((pod, i) => samePodRow(pod, b[i] as Pod)));

/** What a service card shows of its Deployment, rollout and autoscaler, as text. */
const deploymentText = (s: Service): string =>
  `${formatDeployment(s)} ${s.version} ${formatRollout(s.rollout)} ${s.rollout.previous_version} ` +
  `${s.autoscaler ? formatAutoscaler(s.autoscaler) : ''}`;

/** Whether a card's Deployment would show the same (replicas, version, rollout, autoscaler). */
export const sameDeployment = (a: Service, b: Service): boolean =>
  a === b ||
  (a.name === b.name && a.listen === b.listen && deploymentText(a) === deploymentText(b));

/** The fields a service card shows as they are. */
const CARD_FIELDS = ['name', 'status', 'pods_ready', 'pods_total', 'restarts'] as const;

/** Whether a service card would show the same: status, pods and restarts, and its Deployment.
 * Its in-flight counts and other percentiles change every second without being shown; its
 * request rate, error ratio and p95, which change with most snapshots, are read from the live
 * store by the card's own boxes (ServiceFigures). */
export function sameServiceCard(a: Service | null, b: Service | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return CARD_FIELDS.every((key) => a[key] === b[key]) && sameDeployment(a, b);
}
