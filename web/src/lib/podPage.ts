// One service's pods as the pod pager shows them: counted by status, filtered, one page at a time.
import type { Pod, Status } from '../api/types';

export type StatusFilter = 'all' | Status;

export const STATUS_FILTERS: readonly StatusFilter[] = ['all', 'Healthy', 'Degraded', 'Down'];

export const POD_PAGE_SIZE = 20;

export type StatusCounts = Record<StatusFilter, number>;

export function countByStatus(pods: readonly Pod[]): StatusCounts {
  const counts: StatusCounts = { all: pods.length, Healthy: 0, Degraded: 0, Down: 0 };
  for (const pod of pods) {
    if (pod.status in counts) counts[pod.status] += 1;
  }
  return counts;
}

export interface PodPage {
  rows: Pod[];
  /** The page shown, 0-based: the one asked for, moved onto the last page when fewer pods match. */
  page: number;
  pages: number;
  /** Pods matching the filter. */
  total: number;
  /** 1-based positions of the first and last row shown; 0 and 0 when none matches. */
  first: number;
  last: number;
}

export function podPage(
  pods: readonly Pod[],
  filter: StatusFilter,
  page: number,
  size = POD_PAGE_SIZE,
): PodPage {
  const matching = filter === 'all' ? pods : pods.filter((pod) => pod.status === filter);
  const total = matching.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const shown = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const rows = matching.slice(shown * size, shown * size + size);
  const first = rows.length ? shown * size + 1 : 0;
  return { rows, page: shown, pages, total, first, last: first ? first + rows.length - 1 : 0 };
}
