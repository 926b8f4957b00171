// A large lab (20 services x 50 pods, from e2e/labs/large-20x50.yaml): the page summarises the
// services, shows one service's pods on demand, filtered by status and a page at a time, and
// keeps its DOM small.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { WEB_DIR } from './harness';
import { applyFaults, podStatus, SHORT, useScenario } from './dashboard';

const CONFIG = `${WEB_DIR}/e2e/labs/large-20x50.yaml`;
const SERVICE = 'svc-3';
/** The bound for the page at 10,000 pods holds here too. */
const MAX_NODES = 5000;

/** Every node of the document: elements, text and comments. */
const domNodes = (page: Page) =>
  page.evaluate(() => {
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let nodes = 0;
    while (walker.nextNode()) nodes += 1;
    return nodes;
  });

const podRows = (page: Page) => page.locator('[data-testid^="pod-row-"]');
const range = (page: Page) => page.getByTestId(`pod-range-${SERVICE}`).textContent();
const filterCount = (page: Page, filter: string) =>
  page
    .getByTestId(`pod-filter-${SERVICE}-${filter}`)
    .locator('[data-value]')
    .getAttribute('data-value');

describe('a large lab', () => {
  const scenario = useScenario('large-lab', { seed: 7, args: ['--config', CONFIG] });

  test('is summarised; a service pods open, filter and page; the DOM stays small', async () => {
    const page = await scenario.open();

    await scenario.step(page, 'summarised', async () => {
      await expect
        .poll(() => page.getByTestId('summary-mode').textContent(), SHORT)
        .toContain('1000 pods in 20 services');
      const card = page.getByTestId(`service-card-${SERVICE}`);
      await card.scrollIntoViewIfNeeded();
      await expect(card.getAttribute('data-summary')).resolves.toBe('');
      await expect(page.getByTestId(`service-pods-${SERVICE}`).textContent()).resolves.toBe(
        '50/50',
      );
      await expect(podRows(page).count()).resolves.toBe(0);
      expect(await domNodes(page)).toBeLessThanOrEqual(MAX_NODES);
    });

    await scenario.step(page, 'pods-shown', async () => {
      await page.getByRole('button', { name: `Show the pods of ${SERVICE}`, exact: true }).click();
      await expect.poll(() => podRows(page).count(), SHORT).toBe(20);
      await expect(range(page)).resolves.toBe('1–20 of 50');
      await page.getByTestId(`pod-row-${SERVICE}-pod-1`).waitFor();
      // A row's fault form is mounted when its Faults section is first opened.
      await expect(page.locator('[data-testid^="fault-form-"]').count()).resolves.toBe(0);
      expect(await domNodes(page)).toBeLessThanOrEqual(MAX_NODES);
    });

    await scenario.step(page, 'paged', async () => {
      const next = page.getByRole('button', { name: `Next pods of ${SERVICE}`, exact: true });
      await next.click();
      await expect.poll(() => range(page), SHORT).toBe('21–40 of 50');
      await page.getByTestId(`pod-row-${SERVICE}-pod-21`).waitFor();
      await expect(page.getByTestId(`pod-row-${SERVICE}-pod-1`).count()).resolves.toBe(0);
      await next.click();
      await expect.poll(() => range(page), SHORT).toBe('41–50 of 50');
      await expect.poll(() => podRows(page).count(), SHORT).toBe(10);
      await expect(next.isDisabled()).resolves.toBe(true);
    });

    await scenario.step(page, 'filtered', async () => {
      // A pod killed from its own row is Down, and the Down filter shows it alone.
      const pod = `${SERVICE}-pod-45`;
      await applyFaults(page, pod, { kill: true });
      await expect.poll(() => podStatus(page, pod), SHORT).toBe('Down');
      await page.getByTestId(`pod-filter-${SERVICE}-Down`).click();
      await expect.poll(() => filterCount(page, 'Down'), SHORT).toBe('1');
      await expect.poll(() => range(page), SHORT).toBe('1–1 of 1');
      await expect(podRows(page).count()).resolves.toBe(1);
      await page.getByTestId(`pod-row-${pod}`).waitFor();
      await page.getByTestId(`pod-filter-${SERVICE}-Healthy`).click();
      await expect.poll(() => podRows(page).count(), SHORT).toBe(20);
      await expect(page.getByTestId(`pod-row-${pod}`).count()).resolves.toBe(0);
    });

    await scenario.step(page, 'hidden', async () => {
      await page.getByRole('button', { name: `Hide the pods of ${SERVICE}`, exact: true }).click();
      await expect.poll(() => podRows(page).count(), SHORT).toBe(0);
      await page.getByRole('heading', { name: 'Last 5 minutes' }).scrollIntoViewIfNeeded();
      await page.locator('figure[data-testid^="chart-latency-"]').first().waitFor();
      expect(await domNodes(page)).toBeLessThanOrEqual(MAX_NODES);
    });

    await scenario.step(page, 'events', async () => {
      // Below every service's charts, the event log's list is mounted once scrolled to.
      await expect(page.getByTestId('event-log').count()).resolves.toBe(0);
      await page.getByRole('heading', { name: 'Events', exact: true }).scrollIntoViewIfNeeded();
      await expect
        .poll(() => page.getByTestId('event-log').locator('li').count(), SHORT)
        .toBeGreaterThan(0);
      expect(await domNodes(page)).toBeLessThanOrEqual(MAX_NODES);
    });
  });
});
