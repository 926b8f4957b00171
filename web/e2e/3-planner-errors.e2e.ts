// Scenario 3 of the original README: errors on a planner-sim pod (0.4 here), entered with the
// keyboard only. Its measured error ratio rises, and the lab's burn-rate indicator leaves
// green (normal) for medium or high.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  podErrorRatio,
  podStatus,
  serviceErrorRatio,
  serviceStatus,
  SHORT,
  showChart,
  useScenario,
} from './dashboard';

const POD = 'planner-sim-pod-1';

/** What has the keyboard focus: its id, tag and accessible text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      id: el?.id ?? '',
      tag: el?.tagName.toLowerCase() ?? '',
      text: el?.textContent?.trim() ?? '',
      label: el?.getAttribute('aria-label') ?? '',
    };
  });

describe('error rate 0.4 on a planner-sim pod', () => {
  const scenario = useScenario('planner-errors', { seed: 3 });

  test('error ratio rises and the burn-rate indicator leaves green (keyboard only)', async () => {
    const page = await scenario.open();
    const burn = page.getByTestId('burn-indicator');

    await scenario.step(page, 'healthy', async () => {
      await expect.poll(() => serviceStatus(page, 'planner-sim'), SHORT).toBe('Healthy');
      await expect(burn.getAttribute('data-level')).resolves.toBe('normal');
      await expect(podErrorRatio(page, POD)).resolves.toBe(0);
    });

    await scenario.step(page, 'keyboard-focus', async () => {
      // Tab from the top of the page to the pod's "Faults" disclosure and open it with Enter.
      await page.locator('body').focus();
      let presses = 0;
      while ((await focused(page)).text !== `Faults for ${POD}`) {
        presses += 1;
        expect(presses, `Tab presses to reach "Faults for ${POD}"`).toBeLessThanOrEqual(40);
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await page.getByTestId(`fault-form-${POD}`).waitFor({ state: 'visible' });
    });

    await scenario.step(page, 'keyboard-typed', async () => {
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toMatchObject({ id: `fault-delay-${POD}` });
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toMatchObject({ id: `fault-jitter-${POD}` });
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toMatchObject({ id: `fault-error-rate-${POD}` });
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('0.4');
      await expect(
        page.getByLabel(`Error rate (0–1) for ${POD}`, { exact: true }).inputValue(),
      ).resolves.toBe('0.4');
      await page.keyboard.press('Tab'); // the Kill checkbox
      await expect(focused(page)).resolves.toMatchObject({ id: `fault-kill-${POD}` });
      await page.keyboard.press('Tab'); // the Crash loop checkbox
      await expect(focused(page)).resolves.toMatchObject({ id: `fault-crash-loop-${POD}` });
      await page.keyboard.press('Tab'); // the duration, left empty: permanent
      await expect(focused(page)).resolves.toMatchObject({ id: `fault-duration-${POD}` });
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toMatchObject({
        tag: 'button',
        label: `Apply faults to ${POD}`,
      });
    });

    await scenario.step(page, 'keyboard-applied', async () => {
      await page.keyboard.press('Space');
      const form = page.getByTestId(`fault-form-${POD}`);
      await expect
        .poll(() => form.getByRole('status').textContent(), SHORT)
        .toBe(`Fault applied to ${POD}`);
      await expect
        .poll(() => page.getByTestId(`pod-row-${POD}`).textContent(), SHORT)
        .toContain('errors 40 %');
      await expect(page.getByLabel(`Kill ${POD}`, { exact: true }).isChecked()).resolves.toBe(
        false,
      );
    });

    await scenario.step(page, 'errors-rising', async () => {
      // About 40 % of the pod's requests fail; a third of the service's traffic goes to it.
      await expect.poll(() => podErrorRatio(page, POD), SHORT).toBeGreaterThan(0.2);
      await expect.poll(() => serviceErrorRatio(page, 'planner-sim'), SHORT).toBeGreaterThan(0.05);
      await expect.poll(() => podStatus(page, POD), SHORT).toBe('Degraded');
      await expect.poll(() => serviceStatus(page, 'planner-sim'), SHORT).toBe('Degraded');
      await showChart(page, 'chart-errors-planner-sim');
    });

    await scenario.step(page, 'burn-rate', async () => {
      await expect.poll(() => burn.getAttribute('data-level'), SHORT).not.toBe('normal');
      expect(['medium', 'high']).toContain(await burn.getAttribute('data-level'));
      await expect(burn.textContent()).resolves.toMatch(/medium|high/);
    });
  });
});
