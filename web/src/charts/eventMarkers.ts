// A uPlot plugin drawing fault and restart events as vertical lines on the time axis.
import type uPlot from 'uplot';
import type { LabEvent } from '../api/types';
import { markersInRange } from '../lib/events';

export const MARKER_COLOURS: Record<string, string> = {
  fault: '#e8710a',
  fault_expired: '#9c6b00',
  fault_cleared: '#9c6b00',
  restart: '#1a5fb4',
  reset: '#6a1b9a',
};

export const markerColour = (kind: string): string => MARKER_COLOURS[kind] ?? '#777';

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
