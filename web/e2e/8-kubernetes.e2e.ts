// The Kubernetes view through the page: a crash loop set in a pod's fault form shows kubectl's
// CrashLoopBackOff and the kubelet's back-off counting down, and the scale control adds a pod
// at the next number, which the Deployment line counts once it is ready.
import { describe, expect, test } from 'vitest';
import { LONG, openFaults, numberAttr, serviceStatus, SHORT, useScenario } from './dashboard';

const POD = 'sensor-sim-pod-1';

describe('crash loop and scaling on the page', () => {
  const scenario = useScenario('kubernetes', { seed: 8 });

  test('CrashLoopBackOff with its countdown, then planner-sim scaled to four pods', async () => {
    const page = await scenario.open();

    await scenario.step(page, 'healthy', async () => {
      await expect.poll(() => serviceStatus(page, 'planner-sim'), SHORT).toBe('Healthy');
      await expect
        .poll(() => page.getByTestId(`pod-kubectl-status-${POD}`).getAttribute('data-value'), SHORT)
        .toBe('Running');
      await expect
        .poll(() => page.getByTestId('deployment-replicas-planner-sim').textContent(), SHORT)
        .toContain('3/3 ready');
    });

    await scenario.step(page, 'crash-loop', async () => {
      const form = await openFaults(page, POD);
      await page.getByLabel(`Crash loop ${POD}`, { exact: true }).setChecked(true);
      await page.getByRole('button', { name: `Apply faults to ${POD}`, exact: true }).click();
      await expect
        .poll(() => form.getByRole('status').textContent(), SHORT)
        .toBe(`Fault applied to ${POD}`);
      // The first restart is immediate; the second crash, a second later, waits 10 s.
      await expect
        .poll(() => page.getByTestId(`pod-kubectl-status-${POD}`).getAttribute('data-value'), SHORT)
        .toBe('CrashLoopBackOff');
      await expect
        .poll(() => page.getByTestId(`pod-backoff-${POD}`).textContent(), SHORT)
        .toMatch(/restarts in \d+ s/);
      await expect
        .poll(() => numberAttr(page.getByTestId(`pod-restarts-${POD}`), 'data-value'), SHORT)
        .toBeGreaterThanOrEqual(1);
    });

    await scenario.step(page, 'scaled', async () => {
      await page.getByLabel('Replicas for planner-sim', { exact: true }).fill('4');
      await page.getByRole('button', { name: 'Scale planner-sim', exact: true }).click();
      await expect
        .poll(() => page.getByTestId('scale-planner-sim').textContent(), SHORT)
        .toContain('scaled from 3 to 4');
      await expect.poll(() => page.getByTestId('pod-row-planner-sim-pod-4').count(), SHORT).toBe(1);
      await expect
        .poll(() => page.getByTestId('deployment-replicas-planner-sim').textContent(), LONG)
        .toContain('4/4 ready');
    });
  });
});
