import type { Service } from '../api/types';
import { formatMs, formatPercent, formatRate } from '../lib/format';

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
          <span className="live live-rate">{formatRate(service.request_rate)}</span>
        </dd>
      </div>
      <div>
        <dt>Error ratio</dt>
        <dd>
          <span className="live live-pct">{formatPercent(service.error_ratio)}</span>
        </dd>
      </div>
      <div>
        <dt>p95</dt>
        <dd>
          <span className="live live-ms">{formatMs(service.latency_p95_ms)}</span>
        </dd>
      </div>
      <div>
        <dt>Restarts</dt>
        <dd>{service.restarts ?? 0}</dd>
      </div>
    </dl>
  );
}
