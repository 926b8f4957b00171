// Scenario 1 of the original README: normal operation, everything Healthy. Also: the page is
// usable on a 375 px wide phone screen.
import { describe, expect, test } from 'vitest';
import {
  ALL_HEALTHY,
  allStatuses,
  chartP95,
  nextSnapshot,
  openFaults,
  PODS,
  SERVICES,
  SHORT,
  showChart,
  useScenario,
} from './dashboard';

describe('normal operation', () => {
  const scenario = useScenario('normal-operation', { seed: 1 });

  test('every pod, service and the lab are Healthy and stay so', async () => {
    const page = await scenario.open();

    await scenario.step(page, 'loaded', async () => {
      await expect(page.getByRole('heading', { name: 'healthboard' }).isVisible()).resolves.toBe(
        true,
      );
      await expect(page.getByTestId('connection-status').textContent()).resolves.toContain('live');
      for (const service of SERVICES) {
        await page.getByTestId(`service-card-${service}`).waitFor({ state: 'visible' });
        await expect(page.getByTestId(`service-pods-${service}`).textContent()).resolves.toBe(
          '3/3',
        );
      }
    });

    await scenario.step(page, 'all-healthy', async () => {
      await expect.poll(() => allStatuses(page), SHORT).toEqual(ALL_HEALTHY);
      // The page says it in words too, not only in attributes.
      await expect(page.getByTestId('lab-status').textContent()).resolves.toContain('Healthy');
      await expect(page.getByTestId('burn-indicator').getAttribute('data-level')).resolves.toBe(
        'normal',
      );
      for (const pod of PODS) {
        const latency = Number(
          await page.getByTestId(`pod-latency-${pod}`).getAttribute('data-value'),
        );
        expect(latency, `${pod} latency`).toBeGreaterThan(0);
        expect(latency, `${pod} latency`).toBeLessThan(200);
      }
    });

    await scenario.step(page, 'charts', async () => {
      for (const service of SERVICES) {
        await expect.poll(() => chartP95(page, service), SHORT).not.toBeNull();
        expect(await chartP95(page, service), `${service} p95`).toBeLessThan(200);
      }
      await showChart(page, 'chart-latency-planner-sim');
      // Still Healthy over three more live updates.
      for (let i = 0; i < 3; i += 1) {
        await nextSnapshot(page);
        expect(await allStatuses(page)).toEqual(ALL_HEALTHY);
      }
      await expect(page.getByTestId('connection-status').getAttribute('data-state')).resolves.toBe(
        'live',
      );
    });
  });

  test('is usable 375 px wide: cards visible, no horizontal scroll', async () => {
    const page = await scenario.open({ width: 375, height: 812 });

    const horizontalOverflow = () =>
      page.evaluate(() => {
        const root = document.documentElement;
        return Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth;
      });
    const box = async (testId: string) => {
      const b = await page.getByTestId(testId).boundingBox();
      if (!b) throw new Error(`${testId} is not rendered`);
      return b;
    };

    await scenario.step(page, 'mobile-375', async () => {
      await expect.poll(() => allStatuses(page), SHORT).toEqual(ALL_HEALTHY);
      expect(await horizontalOverflow(), 'horizontal overflow in px').toBeLessThanOrEqual(0);
      for (const service of SERVICES) {
        const card = page.getByTestId(`service-card-${service}`);
        await card.scrollIntoViewIfNeeded();
        expect(await card.isVisible(), `${service} card visible`).toBe(true);
        const b = await box(`service-card-${service}`);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(375);
      }
      for (const pod of PODS) {
        const button = page.getByRole('button', { name: `Restart ${pod}`, exact: true });
        expect(await button.isVisible(), `Restart ${pod} visible`).toBe(true);
        const b = await box(`restart-${pod}`);
        expect(b.x + b.width, `Restart ${pod} inside the screen`).toBeLessThanOrEqual(375);
      }
    });

    await scenario.step(page, 'mobile-375-fault-form', async () => {
      const pod = 'planner-sim-pod-2';
      const form = await openFaults(page, pod);
      await form.scrollIntoViewIfNeeded();
      for (const label of [`Delay (ms) for ${pod}`, `Error rate (0–1) for ${pod}`]) {
        const input = page.getByLabel(label, { exact: true });
        expect(await input.isVisible(), label).toBe(true);
        const b = await input.boundingBox();
        expect(b && b.x + b.width, `${label} inside the screen`).toBeLessThanOrEqual(375);
      }
      const apply = page.getByRole('button', { name: `Apply faults to ${pod}`, exact: true });
      expect(await apply.isVisible()).toBe(true);
      expect(await horizontalOverflow(), 'horizontal overflow in px').toBeLessThanOrEqual(0);
    });
  });
});
