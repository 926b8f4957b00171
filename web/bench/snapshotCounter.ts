// Shared by the update benchmarks (bench/update.ts, bench/floor/bench.mjs).

/**
 * An init script that counts the snapshots a page receives (window.__hbSnapshots) and marks each
 * in the trace. The listener is added in the EventSource constructor, so it runs first, before
 * the page's own listener.
 */
export const COUNT_SNAPSHOTS = `(() => {
  const Native = window.EventSource;
  if (!Native) return;
  window.__hbSnapshots = 0;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      this.addEventListener('snapshot', () => {
        window.__hbSnapshots += 1;
        performance.mark('hb-snapshot');
      });
    }
  };
})();`;
