// The services section and the charts section, for a small lab (every pod inline, as always)
// or a large one (services summarised, one service's pods on demand, cards and charts mounted
// only near the viewport). Each card and each service's charts read their own slice of the
// live store: a snapshot re-renders the cards whose figures changed, not the list.
import { useCallback } from 'react';
import type { Pod } from '../api/types';
import {
  healthyOf,
  podsOf,
  samePodRows,
  sameServiceCard,
  serviceNames,
  serviceOf,
} from '../lib/labIndex';
import { isLargeLab, podCount } from '../lib/labSize';
import { equal } from '../lib/equal';
import type { LabState } from '../live/labStore';
import { useSlice } from '../live/useSlice';
import type { LabActions } from './actions';
import { Deferred } from './Deferred';
import { ServiceCard } from './ServiceCard';
import { ServiceCharts } from './ServiceCharts';
import { ServiceSummaryCard } from './ServiceSummaryCard';

const NO_PODS: readonly Pod[] = [];

/** Reserved heights (px) of a card and of a service's charts before they were first shown. */
const CARD_ESTIMATE = 190;
const CHARTS_ESTIMATE = 240;

const namesOf = (s: LabState) => serviceNames(s.lab);
const largeOf = (s: LabState) => isLargeLab(s.lab);
const focusOf = (s: LabState) => s.focus;
const podTotalOf = (s: LabState) => (s.lab ? podCount(s.lab.services) : 0);

interface CardsProps {
  actions: LabActions;
  onFocus: (service: string | null) => void;
}

export function ServiceCards({ actions, onFocus }: CardsProps) {
  const names = useSlice(namesOf, equal);
  const large = useSlice(largeOf);
  const focus = useSlice(focusOf);
  const pods = useSlice(podTotalOf);
  if (!large) {
    return (
      <div className="cards">
        {names.map((name) => (
          <CardSlot key={name} name={name} actions={actions} />
        ))}
      </div>
    );
  }
  return (
    <>
      <p className="muted" data-testid="summary-mode">
        {pods} pods in {names.length} services: each service is summarised; show a service's pods to
        see them.
      </p>
      <div className="cards cards-summary">
        {names.map((name) =>
          // The open card spans the row and stays mounted wherever it is scrolled.
          name === focus ? (
            <div key={name} className="card-slot card-slot-open">
              <SummarySlot name={name} open actions={actions} onFocus={onFocus} />
            </div>
          ) : (
            <Deferred key={name} className="card-slot" estimate={CARD_ESTIMATE}>
              <SummarySlot name={name} open={false} actions={actions} onFocus={onFocus} />
            </Deferred>
          ),
        )}
      </div>
    </>
  );
}

function useService(name: string) {
  return useSlice(
    useCallback((s: LabState) => serviceOf(s.lab, name), [name]),
    sameServiceCard,
  );
}

function CardSlot({ name, actions }: { name: string; actions: LabActions }) {
  const service = useService(name);
  const pods = useSlice(
    useCallback((s: LabState) => podsOf(s.lab, name), [name]),
    samePodRows,
  );
  return service ? <ServiceCard service={service} pods={pods} actions={actions} /> : null;
}

function SummarySlot({
  name,
  open,
  actions,
  onFocus,
}: CardsProps & { name: string; open: boolean }) {
  const service = useService(name);
  const healthy = useSlice(useCallback((s: LabState) => healthyOf(s.lab, name), [name]));
  const pods = useSlice(
    useCallback((s: LabState) => (open ? podsOf(s.lab, name) : NO_PODS), [name, open]),
    samePodRows,
  );
  return service ? (
    <ServiceSummaryCard
      service={service}
      healthy={healthy}
      open={open}
      pods={pods}
      actions={actions}
      onOpen={onFocus}
    />
  ) : null;
}

export function ServiceChartList() {
  const names = useSlice(namesOf, equal);
  const large = useSlice(largeOf);
  return (
    <>
      {names.map((name) =>
        large ? (
          <Deferred key={name} className="service-charts-slot" estimate={CHARTS_ESTIMATE}>
            <ServiceCharts name={name} />
          </Deferred>
        ) : (
          <ServiceCharts key={name} name={name} />
        ),
      )}
    </>
  );
}
