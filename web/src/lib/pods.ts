import type { Pod } from '../api/types';

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
