import { useCallback } from 'react';
import type { Service } from '../api/types';
import { formatMs, formatPercent, formatRate } from '../lib/format';
import { serviceOf } from '../lib/labIndex';
import type { LabState } from '../live/labStore';
import { useLiveFigure } from '../live/useSlice';

type Figure = 'request_rate' | 'error_ratio' | 'latency_p95_ms';

/** A figure of the service that changes with most snapshots, read from the live store's
 * snapshot (from `service` without a store) by its own box: a new text is written into this box
 * by the store's listener (useLiveFigure), nothing re-renders. */
function Live({
  service,
  field,
  format,
  className,
}: {
  service: Service;
  field: Figure;
  format: (value: number | null) => string;
  className: string;
}) {
  const { name } = service;
  const [value, ref] = useLiveFigure(
    useCallback((s: LabState) => serviceOf(s.lab, name)?.[field], [name, field]),
    service[field],
    format,
  );
  return (
    <span ref={ref} className={`live ${className}`}>
      {format(value)}
    </span>
  );
}

/** A service's measured numbers, as a service card shows them. */
export function ServiceFigures({ service }: { service: Service }) {
  const { name } = service;
  return (
    <dl className="kv card-metrics">
      <div>
        <dt>Pods ready</dt>
        <dd data-testid={`service-pods-${name}`}>
          {service.pods_ready}/{service.pods_total}
        </dd>
      </div>
      <div>
        <dt>Request rate</dt>
        <dd>
          <Live service={service} field="request_rate" format={formatRate} className="live-rate" />
        </dd>
      </div>
      <div>
        <dt>Error ratio</dt>
        <dd>
          <Live service={service} field="error_ratio" format={formatPercent} className="live-pct" />
        </dd>
      </div>
      <div>
        <dt>p95</dt>
        <dd>
          <Live service={service} field="latency_p95_ms" format={formatMs} className="live-ms" />
        </dd>
      </div>
      <div>
        <dt>Restarts</dt>
        <dd>{service.restarts ?? 0}</dd>
      </div>
    </dl>
  );
}
