import type { Pod, Service } from '../api/types';
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

/** A service card's name, status, figures and Deployment (a large lab's summary card too). */
export function CardTop({ service, actions }: { service: Service; actions: LabActions }) {
  const { name } = service;
  return (
    <>
      <header className="card-head">
        <h3 id={`svc-${name}`}>{name}</h3>
        <StatusBadge status={service.status} testId={`service-status-${name}`} />
      </header>
      <ServiceFigures service={service} />
      <Deployment service={service} actions={actions} />
    </>
  );
}

/** One service: its measured numbers and a row per pod. Not memoised: its slot renders it when
 * the slot's slices (the service as the card shows it, its pods as their rows show them) changed,
 * or the list of cards did, and a row re-renders only when it shows something new. */
export function ServiceCard({ service, pods, actions }: Props) {
  const { name } = service;
  return (
    <article className="card" data-testid={`service-card-${name}`} aria-labelledby={`svc-${name}`}>
      <CardTop service={service} actions={actions} />
      <ul className="pods" aria-label={`Pods of ${name}`}>
        {pods.map((pod) => (
          <PodRow key={pod.id} pod={pod} actions={actions} />
        ))}
      </ul>
    </article>
  );
}
