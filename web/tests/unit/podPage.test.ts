import { describe, expect, it } from 'vitest';
import type { Pod, Status } from '../../src/api/types';
import { countByStatus, podPage } from '../../src/lib/podPage';
import { healthyPods } from '../fixtures';

const [base] = healthyPods();
const pods = (statuses: Status[]): Pod[] =>
  statuses.map((status, i) => ({ ...base!, id: `svc-pod-${i + 1}`, status }));

// 45 pods: every fifth Down, every seventh (not Down) Degraded, the rest Healthy.
const lab = pods(
  Array.from({ length: 45 }, (_, i): Status =>
    (i + 1) % 5 === 0 ? 'Down' : (i + 1) % 7 === 0 ? 'Degraded' : 'Healthy',
  ),
);

describe('podPage', () => {
  it('counts the pods by status', () => {
    expect(countByStatus(lab)).toEqual({ all: 45, Healthy: 31, Degraded: 5, Down: 9 });
    expect(countByStatus([])).toEqual({ all: 0, Healthy: 0, Degraded: 0, Down: 0 });
  });

  it('pages all pods in their order', () => {
    const first = podPage(lab, 'all', 0, 20);
    expect(first).toMatchObject({ page: 0, pages: 3, total: 45, first: 1, last: 20 });
    expect(first.rows.map((p) => p.id)).toEqual(lab.slice(0, 20).map((p) => p.id));
    const last = podPage(lab, 'all', 2, 20);
    expect(last).toMatchObject({ page: 2, first: 41, last: 45 });
    expect(last.rows).toHaveLength(5);
  });

  it('filters by status before paging', () => {
    const down = podPage(lab, 'Down', 0, 20);
    expect(down).toMatchObject({ pages: 1, total: 9, first: 1, last: 9 });
    expect(down.rows.map((p) => p.id)).toEqual(
      ['5', '10', '15', '20', '25', '30', '35', '40', '45'].map((n) => `svc-pod-${n}`),
    );
  });

  it('moves a page past the end onto the last one, and says when nothing matches', () => {
    expect(podPage(lab, 'Degraded', 7, 2)).toMatchObject({ page: 2, pages: 3, first: 5, last: 5 });
    expect(podPage(lab, 'all', -1, 20).page).toBe(0);
    const none = podPage(pods(['Healthy']), 'Down', 0, 20);
    expect(none).toMatchObject({ rows: [], page: 0, pages: 1, total: 0, first: 0, last: 0 });
  });
});
