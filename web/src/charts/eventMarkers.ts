// A uPlot plugin drawing fault and restart events as vertical lines on the time axis.
import type uPlot from 'uplot';
import type { LabEvent } from '../api/types';
import { CHART_EVENT_KINDS, markersInRange, type ChartEventKind } from '../lib/events';

/** Colour and legend text of every kind of marker: the legend lists exactly these. */
export const MARKER_STYLES: Record<ChartEventKind, { colour: string; label: string }> = {
  fault: { colour: '#e8710a', label: 'fault set' },
  fault_expired: { colour: '#9c6b00', label: 'timed fault ended' },
  fault_cleared: { colour: '#6a1b9a', label: 'faults cleared' },
  restart: { colour: '#1a5fb4', label: 'restart' },
  partition: { colour: '#444', label: 'partition cut, healed or ended' },
};

/** The legend entries, in the order of CHART_EVENT_KINDS. */
export const MARKER_LEGEND = CHART_EVENT_KINDS.map((kind) => ({ kind, ...MARKER_STYLES[kind] }));

export const markerColour = (kind: string): string =>
  (MARKER_STYLES as Record<string, { colour: string }>)[kind]?.colour ?? '#777';

/** `getEvents` is read at every draw, so new events show without re-creating the chart. */
export function eventMarkersPlugin(
  getEvents: () => readonly LabEvent[],
  service?: string,
): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const { min, max } = u.scales.x ?? {};
          if (min == null || max == null) return;
          const markers = markersInRange(getEvents(), min, max, service);
          if (markers.length === 0) return;
          const { ctx, bbox } = u;
          const ratio = (typeof devicePixelRatio === 'number' && devicePixelRatio) || 1;
          ctx.save();
          ctx.lineWidth = Math.max(1, ratio);
          ctx.setLineDash([3 * ratio, 3 * ratio]);
          for (const marker of markers) {
            const x = Math.round(u.valToPos(marker.at, 'x', true));
            ctx.strokeStyle = markerColour(marker.kind);
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}
