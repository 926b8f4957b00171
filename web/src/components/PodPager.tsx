// A large lab's service's pods on demand: filtered by status, one page of rows at a time.
import { useState } from 'react';
import type { Pod } from '../api/types';
import { countByStatus, podPage, STATUS_FILTERS, type StatusFilter } from '../lib/podPage';
import type { PodActions } from './actions';
import { PodRow } from './PodRow';

interface Props {
  service: string;
  /** The service's pods as received (empty until the stream brings them). */
  pods: readonly Pod[];
  /** How many pods the service has, from its figures: tells "not here yet" from "none". */
  podsTotal: number;
  actions: PodActions;
}

export function PodPager({ service, pods, podsTotal, actions }: Props) {
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [page, setPage] = useState(0);
  const counts = countByStatus(pods);
  const shown = podPage(pods, filter, page);
  const loading = pods.length === 0 && podsTotal > 0;
  const choose = (next: StatusFilter) => {
    setFilter(next);
    setPage(0);
  };

  return (
    <div data-testid={`pod-pager-${service}`}>
      <div className="pod-filter" role="group" aria-label={`Pods of ${service} by status`}>
        {STATUS_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={filter === f}
            data-testid={`pod-filter-${service}-${f}`}
            onClick={() => choose(f)}
          >
            {f === 'all' ? 'All' : f}{' '}
            <span data-value={counts[f]}>{loading ? '…' : counts[f]}</span>
          </button>
        ))}
      </div>
      {loading ? (
        <p className="muted">Loading the pods…</p>
      ) : shown.total === 0 ? (
        <p className="muted">No {filter === 'all' ? '' : `${filter} `}pods.</p>
      ) : (
        <ul className="pods" aria-label={`Pods of ${service}`}>
          {shown.rows.map((pod) => (
            <PodRow key={pod.id} pod={pod} actions={actions} />
          ))}
        </ul>
      )}
      <nav className="pager" aria-label={`Pages of the pods of ${service}`}>
        <button
          type="button"
          disabled={shown.page === 0}
          onClick={() => setPage(shown.page - 1)}
          aria-label={`Previous pods of ${service}`}
        >
          Previous
        </button>
        <span data-testid={`pod-range-${service}`} data-first={shown.first} data-last={shown.last}>
          {shown.first}–{shown.last} of {shown.total}
        </span>
        <button
          type="button"
          disabled={shown.page >= shown.pages - 1}
          onClick={() => setPage(shown.page + 1)}
          aria-label={`Next pods of ${service}`}
        >
          Next
        </button>
      </nav>
    </div>
  );
}
