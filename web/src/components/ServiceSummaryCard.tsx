// A large lab's service card: its figures and pod counts, and its pods only when opened.
import type { Pod, Service } from '../api/types';
import { countByStatus } from '../lib/podPage';
import type { LabActions } from './actions';
import { PodPager } from './PodPager';
import { CardTop } from './ServiceCard';

interface Props {
  service: Service;
  /** Healthy pods, from the newest history sample (null before the first). */
  healthy: number | null;
  open: boolean;
  /** The open service's pods (ignored while closed). */
  pods: readonly Pod[];
  actions: LabActions;
  onOpen: (service: string | null) => void;
}

/** Not memoised: its slot renders it when the slot's slices (the service as the card shows it, its
 * Healthy count, the open service's pods) changed, or the list of cards did. */
export function ServiceSummaryCard({ service, healthy, open, pods, actions, onOpen }: Props) {
  const { name } = service;
  // Open, its pods are here: counted from them, as the pager's filters are.
  const healthyNow = open && pods.length ? countByStatus(pods).Healthy : healthy;
  const unhealthy = healthyNow === null ? null : service.pods_total - healthyNow;
  return (
    <article
      className="card"
      data-testid={`service-card-${name}`}
      data-summary=""
      aria-labelledby={`svc-${name}`}
    >
      <CardTop service={service} actions={actions} />
      <p className="pod-counts" data-testid={`pod-counts-${name}`}>
        Pods: <span data-value={healthyNow ?? ''}>{healthyNow ?? '—'}</span> Healthy ·{' '}
        <span data-value={unhealthy ?? ''}>{unhealthy ?? '—'}</span> Degraded or Down{' '}
        <button
          type="button"
          aria-expanded={open}
          onClick={() => onOpen(open ? null : name)}
          aria-label={`${open ? 'Hide' : 'Show'} the pods of ${name}`}
        >
          {open ? 'Hide pods' : 'Show pods'}
        </button>
      </p>
      {open ? (
        <PodPager service={name} pods={pods} podsTotal={service.pods_total} actions={actions} />
      ) : null}
    </article>
  );
}
