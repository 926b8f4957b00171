// A large lab's service card: its figures and pod counts, and its pods only when opened.
import { memo } from 'react';
import type { Pod, Service } from '../api/types';
import { sameServiceCard } from '../lib/labIndex';
import { countByStatus } from '../lib/podPage';
import type { LabActions } from './actions';
import { Deployment } from './Deployment';
import { PodPager } from './PodPager';
import { ServiceFigures } from './ServiceFigures';
import { StatusBadge } from './StatusBadge';

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

function ServiceSummaryCardImpl({ service, healthy, open, pods, actions, onOpen }: Props) {
  const { name } = service;
  // Open, its pods are here: counted from them, as the pager's filters are.
  const healthyNow = open && pods.length ? countByStatus(pods).Healthy : healthy;
  const unhealthy = healthyNow === null ? null : service.pods_total - healthyNow;
  return (
    <article
      className={open ? 'card card-summary card-open' : 'card card-summary'}
      data-testid={`service-card-${name}`}
      data-summary=""
      aria-labelledby={`svc-${name}`}
    >
      <header className="card-head">
        <h3 id={`svc-${name}`}>{name}</h3>
        <StatusBadge status={service.status} testId={`service-status-${name}`} />
      </header>
      <ServiceFigures service={service} />
      <Deployment service={service} actions={actions} />
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

export const ServiceSummaryCard = memo(
  ServiceSummaryCardImpl,
  (a, b) =>
    a.open === b.open &&
    a.healthy === b.healthy &&
    a.actions === b.actions &&
    a.onOpen === b.onOpen &&
    (!a.open || a.pods === b.pods) &&
    sameServiceCard(a.service, b.service),
);
