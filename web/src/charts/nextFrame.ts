// Chart redraws wait for the next animation frame and run together in it: the twelve charts of
// a live update are drawn in the frame that shows the update's text, not in frames of their own.

const pending = new Set<() => void>();
let requested = false;

function drawAll(): void {
  requested = false;
  const draws = [...pending];
  pending.clear();
  for (const draw of draws) draw();
}

/** Runs `draw` in the next animation frame; the same function queued twice runs once. */
export function drawInNextFrame(draw: () => void): void {
  pending.add(draw);
  if (requested) return;
  requested = true;
  requestAnimationFrame(drawAll);
}
