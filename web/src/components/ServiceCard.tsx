import { memo } from 'react';
import type { Pod, Service } from '../api/types';
import { samePodRows, sameServiceCard } from '../lib/labIndex';
import type { LabActions } from './actions';
import { Deployment } from './Deployment';
import { PodRow } from './PodRow';
import { ServiceFigures } from './ServiceFigures';
import { StatusBadge } from './StatusBadge';

interface Props {
  service: Service;
  pods: readonly Pod[];
  actions: LabActions;
}

/** One service: its measured numbers and a row per pod. */
function ServiceCardImpl({ service, pods, actions }: Props) {
  const { name } = service;
  return (
    <article className="card" data-testid={`service-card-${name}`} aria-labelledby={`svc-${name}`}>
      <header className="card-head">
        <h3 id={`svc-${name}`}>{name}</h3>
        <StatusBadge status={service.status} testId={`service-status-${name}`} />
      </header>
      <ServiceFigures service={service} />
      <Deployment service={service} actions={actions} />
      <ul className="pods" aria-label={`Pods of ${name}`}>
        {pods.map((pod) => (
          <PodRow key={pod.id} pod={pod} actions={actions} />
        ))}
      </ul>
    </article>
  );
}

export const ServiceCard = memo(
  ServiceCardImpl,
  (a, b) =>
    a.actions === b.actions && sameServiceCard(a.service, b.service) && samePodRows(a.pods, b.pods),
);
