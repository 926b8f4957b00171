import { MARKER_LEGEND } from '../charts/eventMarkers';

/** What the charts draw besides their lines: every kind of event marker, and gaps. */
export function ChartLegend() {
  return (
    <div className="chart-legend muted" data-testid="chart-legend">
      <span>Dashed vertical lines mark events:</span>
      <ul>
        {MARKER_LEGEND.map(({ kind, colour, label }) => (
          <li key={kind} data-kind={kind}>
            <span className="marker-swatch" style={{ borderColor: colour }} aria-hidden="true" />
            {label}
          </li>
        ))}
      </ul>
      <span>
        A gap means no data: no requests, or no updates reached this page (server down or
        unreachable). Hover a chart for its values.
      </span>
    </div>
  );
}
