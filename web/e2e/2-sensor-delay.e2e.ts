// Scenario 2 of the original README: 1000 ms of delay on a sensor-sim pod. Its latency rises,
// the service's latency chart rises with it, and the pod and the service show Degraded.
import { describe, expect, test } from 'vitest';
import {
  chartP95,
  numberAttr,
  openFaults,
  podStatus,
  serviceStatus,
  SHORT,
  showChart,
  useScenario,
} from './dashboard';

const POD = 'sensor-sim-pod-1';

describe('1000 ms delay on a sensor-sim pod', () => {
  const scenario = useScenario('sensor-delay', { seed: 2 });

  test('latency chart rises and sensor-sim shows Degraded', async () => {
    const page = await scenario.open();
    let baseline = 0;

    await scenario.step(page, 'healthy', async () => {
      await expect.poll(() => serviceStatus(page, 'sensor-sim'), SHORT).toBe('Healthy');
      await expect.poll(() => chartP95(page, 'sensor-sim'), SHORT).not.toBeNull();
      baseline = (await chartP95(page, 'sensor-sim')) ?? 0;
      expect(baseline).toBeLessThan(200);
    });

    await scenario.step(page, 'delay-typed', async () => {
      await openFaults(page, POD);
      const delay = page.getByLabel(`Delay (ms) for ${POD}`, { exact: true });
      await expect(delay.inputValue()).resolves.toBe('0');
      await delay.fill('1000');
      await expect(delay.inputValue()).resolves.toBe('1000');
    });

    await scenario.step(page, 'delay-applied', async () => {
      await page.getByRole('button', { name: `Apply faults to ${POD}`, exact: true }).click();
      const form = page.getByTestId(`fault-form-${POD}`);
      await expect
        .poll(() => form.getByRole('status').textContent(), SHORT)
        .toBe(`Fault applied to ${POD}`);
      // The pod row lists the active fault.
      await expect
        .poll(() => page.getByTestId(`pod-row-${POD}`).textContent(), SHORT)
        .toContain('delay 1 s');
    });

    await scenario.step(page, 'degraded', async () => {
      await expect.poll(() => podStatus(page, POD), SHORT).toBe('Degraded');
      await expect.poll(() => serviceStatus(page, 'sensor-sim'), SHORT).toBe('Degraded');
      await expect(page.getByTestId('service-status-sensor-sim').textContent()).resolves.toContain(
        'Degraded',
      );
      const latency = page.getByTestId(`pod-latency-${POD}`);
      await expect.poll(() => numberAttr(latency, 'data-value'), SHORT).toBeGreaterThan(900);
      // The chart's newest p95 rises far over the 200 ms target (a third of the requests
      // are a second slower).
      await expect
        .poll(() => chartP95(page, 'sensor-sim'), SHORT)
        .toBeGreaterThan(Math.max(500, baseline * 3));
      // The other sensor pods are not slowed down.
      await expect(podStatus(page, 'sensor-sim-pod-2')).resolves.toBe('Healthy');
      await showChart(page, 'chart-latency-sensor-sim');
    });
  });
});
