// Which way the page shows a lab: every pod inline (small labs, as the default 9-pod lab), or
// services summarised with one service's pods on demand (large labs). And which pods the live
// stream then carries.
import type { Lab, Service } from '../api/types';

/** Labs with more pods than this are summarised: a pod row is about 40 DOM elements, so 50
 * inline rows already cost some 2,000 of the page's 5,000-node budget. */
export const SUMMARY_ABOVE_PODS = 50;

/** The lab's pods, counted from its services (also when the snapshot carries no pods). */
export function podCount(services: readonly Service[]): number {
  let total = 0;
  for (const service of services) total += service.pods_total;
  return total;
}

export const isLargeLab = (lab: Pick<Lab, 'services'> | null): boolean =>
  lab !== null && podCount(lab.services) > SUMMARY_ABOVE_PODS;

/** The stream to follow: every pod for a small lab; for a large one none, or only those of the
 * service whose pods are open. */
export function streamUrl(large: boolean, focus: string | null): string {
  if (!large) return '/stream';
  return focus === null ? '/stream?pods=none' : `/stream?service=${encodeURIComponent(focus)}`;
}
