// Scenario 5 of the original README: kill pods across services. The lab degrades (one service
// entirely Down, two with a pod missing); the Restart buttons recover it to Healthy.
import { describe, expect, test } from 'vitest';
import {
  ALL_HEALTHY,
  allStatuses,
  applyFaults,
  labStatus,
  LONG,
  numberAttr,
  podStatus,
  restart,
  serviceStatus,
  SHORT,
  showChart,
  useScenario,
} from './dashboard';

const PARTIAL = ['sensor-sim-pod-1', 'planner-sim-pod-2'];
const WHOLE_SERVICE = ['ui-proxy-pod-1', 'ui-proxy-pod-2', 'ui-proxy-pod-3'];

describe('kill pods across services', () => {
  const scenario = useScenario('cascade', { seed: 5 });

  test('the lab degrades, and restarts recover it', async () => {
    const page = await scenario.open();

    await scenario.step(page, 'healthy', async () => {
      await expect.poll(() => allStatuses(page), SHORT).toEqual(ALL_HEALTHY);
    });

    await scenario.step(page, 'two-services-hit', async () => {
      for (const pod of PARTIAL) await applyFaults(page, pod, { kill: true });
      for (const pod of PARTIAL) await expect.poll(() => podStatus(page, pod), SHORT).toBe('Down');
      await expect.poll(() => serviceStatus(page, 'sensor-sim'), SHORT).toBe('Degraded');
      await expect.poll(() => serviceStatus(page, 'planner-sim'), SHORT).toBe('Degraded');
      await expect.poll(() => labStatus(page), SHORT).toBe('Degraded');
      await expect(page.getByTestId('lab-status').textContent()).resolves.toContain('Degraded');
    });

    await scenario.step(page, 'ui-proxy-down', async () => {
      for (const pod of WHOLE_SERVICE) await applyFaults(page, pod, { kill: true });
      await expect.poll(() => serviceStatus(page, 'ui-proxy'), SHORT).toBe('Down');
      await expect
        .poll(() => page.getByTestId('service-pods-ui-proxy').textContent(), SHORT)
        .toBe('0/3');
      // Not every service is Down: the lab is Degraded.
      await expect.poll(() => labStatus(page), SHORT).toBe('Degraded');
    });

    await scenario.step(page, 'restarted', async () => {
      for (const pod of [...PARTIAL, ...WHOLE_SERVICE]) await restart(page, pod);
    });

    await scenario.step(page, 'recovered', async () => {
      await expect.poll(() => allStatuses(page), LONG).toEqual(ALL_HEALTHY);
      for (const pod of [...PARTIAL, ...WHOLE_SERVICE]) {
        await expect(
          numberAttr(page.getByTestId(`pod-restarts-${pod}`), 'data-value'),
        ).resolves.toBe(1);
      }
      for (const service of ['sensor-sim', 'planner-sim', 'ui-proxy']) {
        await expect(page.getByTestId(`service-pods-${service}`).textContent()).resolves.toBe(
          '3/3',
        );
      }
      await showChart(page, 'chart-pods-planner-sim');
    });
  });
});
