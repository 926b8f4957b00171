// Scenario 4 of the original README: kill a pod (Down at once), then its Restart button brings
// it back (restarts + 1, Healthy after a one-second start-up).
import { describe, expect, test } from 'vitest';
import {
  ALL_HEALTHY,
  allStatuses,
  applyFaults,
  LONG,
  numberAttr,
  podStatus,
  serviceStatus,
  SHORT,
  showChart,
  useScenario,
} from './dashboard';

const POD = 'ui-proxy-pod-1';

describe('kill a pod, then restart it', () => {
  const scenario = useScenario('kill-restart', { seed: 4 });

  test('the pod goes Down, and the Restart button brings it back', async () => {
    const page = await scenario.open();
    const row = page.getByTestId(`pod-row-${POD}`);

    await scenario.step(page, 'healthy', async () => {
      await expect.poll(() => allStatuses(page), SHORT).toEqual(ALL_HEALTHY);
    });

    await scenario.step(page, 'killed', async () => {
      await applyFaults(page, POD, { kill: true });
      await expect.poll(() => podStatus(page, POD), SHORT).toBe('Down');
      await expect(page.getByTestId(`pod-status-${POD}`).textContent()).resolves.toContain(
        'Terminated',
      );
      await expect.poll(() => row.textContent(), SHORT).toContain('killed');
      await expect.poll(() => serviceStatus(page, 'ui-proxy'), SHORT).toBe('Degraded');
      // It leaves the service's endpoints once its readiness fails (3 s).
      await expect
        .poll(() => page.getByTestId('service-pods-ui-proxy').textContent(), SHORT)
        .toBe('2/3');
    });

    await scenario.step(page, 'restart-clicked', async () => {
      const restarts = page.getByTestId(`pod-restarts-${POD}`);
      await expect(numberAttr(restarts, 'data-value')).resolves.toBe(0);
      await page.getByRole('button', { name: `Restart ${POD}`, exact: true }).click();
      await expect.poll(() => numberAttr(restarts, 'data-value'), SHORT).toBe(1);
      await expect.poll(() => row.textContent(), SHORT).toContain('no faults');
    });

    await scenario.step(page, 'back-healthy', async () => {
      await expect.poll(() => podStatus(page, POD), LONG).toBe('Healthy');
      await expect.poll(() => allStatuses(page), LONG).toEqual(ALL_HEALTHY);
      await expect(page.getByTestId('service-pods-ui-proxy').textContent()).resolves.toBe('3/3');
      await expect(page.getByLabel(`Kill ${POD}`, { exact: true }).isChecked()).resolves.toBe(
        false,
      );
      // The event log tells the story.
      const log = page.getByTestId('event-log');
      await expect
        .poll(() => log.locator('li[data-kind="restart"]').allTextContents(), SHORT)
        .toContainEqual(expect.stringContaining(POD));
      await expect
        .poll(() => log.locator('li[data-kind="pod_status"]').allTextContents(), SHORT)
        .toContainEqual(expect.stringMatching(new RegExp(`${POD}: Down -> Healthy`)));
      await showChart(page, 'chart-pods-ui-proxy');
    });
  });
});
