// Vitest glue for the browser tests: a lab and a browser per test file, cleaned up whatever
// happens, steps with a full-page screenshot each, and the page's hooks read the way a user
// (or a screen reader) finds them.
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  artifactsDir,
  DESKTOP,
  launchBrowser,
  openDashboard,
  startLab,
  type LabServer,
  type Viewport,
} from './harness';

export const SERVICES = ['sensor-sim', 'planner-sim', 'ui-proxy'] as const;
export const PODS = SERVICES.flatMap((s) => [1, 2, 3].map((n) => `${s}-pod-${n}`));

/** Bounds of the polls: a fault shows within ~2 s, a restart recovers within ~5 s. */
export const SHORT = { timeout: 10_000, interval: 200 };
export const LONG = { timeout: 30_000, interval: 250 };

export interface Scenario {
  readonly name: string;
  readonly lab: LabServer;
  /** A new page on the dashboard (closed after the test), live before it resolves. */
  open(viewport?: Viewport): Promise<Page>;
  /** Stops the server (SIGTERM, or SIGKILL with `how` 'kill') and starts a new one (a new
   * instance) on the same port; open pages stay. */
  restartLab(how?: 'stop' | 'kill'): Promise<void>;
  /** Runs one step, then takes `<scenario>-<n>-<step>.png` (or `...-failed.png` if it throws). */
  step(page: Page, name: string, body: () => Promise<void>): Promise<void>;
}

/**
 * A fresh lab (its own server on an ephemeral port) and Chromium for the test file. Both are
 * stopped in afterAll even when a hook or test failed; pages are closed after each test, and a
 * test fails if the page threw an uncaught error.
 */
export function useScenario(
  name: string,
  options: {
    seed?: number;
    args?: readonly string[];
    /** The --data-dir of every server of the file (the test makes and removes it); default a
     * new temporary one per server, so that a restarted server starts a fresh lab. */
    dataDir?: string;
  } = {},
): Scenario {
  let lab: LabServer | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];
  let stepNo = 0;

  let starts = 0;
  const start = (port?: number) => {
    starts += 1;
    const suffix = starts === 1 ? '' : `-${starts}`;
    return startLab({
      seed: options.seed ?? 1,
      port,
      args: options.args,
      dataDir: options.dataDir,
      logFile: join(artifactsDir(), `${name}-server${suffix}.log`),
    });
  };

  beforeAll(async () => {
    lab = await start();
    browser = await launchBrowser();
  });

  afterEach(async () => {
    const closing = contexts.map((c) => c.close().catch(() => {}));
    contexts = [];
    await Promise.all(closing);
    const errors = pageErrors;
    pageErrors = [];
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await lab?.stop();
  });

  async function shot(page: Page, file: string) {
    await page.screenshot({ path: join(artifactsDir(), file), fullPage: true });
  }

  return {
    name,
    get lab() {
      if (!lab) throw new Error('the lab is not running (beforeAll failed?)');
      return lab;
    },
    async open(viewport = DESKTOP) {
      if (!browser || !lab) throw new Error('no browser or lab (beforeAll failed?)');
      const { context, page } = await openDashboard(browser, lab.url, viewport);
      contexts.push(context);
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      return page;
    },
    async restartLab(how = 'stop') {
      if (!lab) throw new Error('the lab is not running (beforeAll failed?)');
      const { port } = lab;
      if (how === 'kill') await lab.kill();
      await lab.stop();
      lab = await start(port);
    },
    async step(page, stepName, body) {
      stepNo += 1;
      const file = `${name}-${stepNo}-${stepName}`;
      try {
        await body();
      } catch (error) {
        await shot(page, `${file}-failed.png`).catch(() => {});
        throw error;
      }
      await shot(page, `${file}.png`);
    },
  };
}

// ---- reading the page --------------------------------------------------------------------

/** The `data-status` of a status badge (Healthy / Degraded / Down). */
export const statusOf = (page: Page, testId: string) =>
  page.getByTestId(testId).getAttribute('data-status');

export const labStatus = (page: Page) => statusOf(page, 'lab-status');
export const serviceStatus = (page: Page, service: string) =>
  statusOf(page, `service-status-${service}`);
export const podStatus = (page: Page, pod: string) => statusOf(page, `pod-status-${pod}`);

/** A number from a data attribute; null when empty (no data yet). */
/** GET `path` (or POST `body` as JSON) on the server at `base`; the answer's JSON, or an error
 * naming the path, the status and the body. */
export async function api<T>(base: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function numberAttr(locator: Locator, attr: string): Promise<number | null> {
  const value = await locator.getAttribute(attr);
  return value === null || value === '' ? null : Number(value);
}

/** The newest p95 of a service's latency chart (`data-last-p95`). */
export const chartP95 = (page: Page, service: string) =>
  numberAttr(page.getByTestId(`chart-latency-${service}`), 'data-last-p95');

/** A percentage as shown ("12.5 %") as a ratio; null for "—". */
export function parsePercent(text: string | null): number | null {
  const match = /(-?\d+(?:\.\d+)?)\s*%/.exec(text ?? '');
  return match?.[1] === undefined ? null : Number(match[1]) / 100;
}

/** A pod's shown error ratio (pod-errors-<id>). */
export async function podErrorRatio(page: Page, pod: string): Promise<number | null> {
  return parsePercent(await page.getByTestId(`pod-errors-${pod}`).textContent());
}

/** A service card's shown "Error ratio". */
export async function serviceErrorRatio(page: Page, service: string): Promise<number | null> {
  const card = page.getByTestId(`service-card-${service}`);
  const row = card.locator('div', { has: page.getByText('Error ratio', { exact: true }) });
  return parsePercent(await row.locator('dd').textContent());
}

/** Every pod and service status, and the lab's, e.g. to assert they are all Healthy. */
export async function allStatuses(page: Page): Promise<Record<string, string | null>> {
  const entries: [string, string | null][] = [['lab', await labStatus(page)]];
  for (const service of SERVICES) entries.push([service, await serviceStatus(page, service)]);
  for (const pod of PODS) entries.push([pod, await podStatus(page, pod)]);
  return Object.fromEntries(entries);
}

export const ALL_HEALTHY = Object.fromEntries(
  ['lab', ...SERVICES, ...PODS].map((key) => [key, 'Healthy']),
);

/** Resolves after the page has shown a newer snapshot than now (its "Last update" changed). */
export async function nextSnapshot(page: Page): Promise<void> {
  const clock = page.getByTestId('last-update');
  const before = await clock.getAttribute('datetime');
  await expect.poll(() => clock.getAttribute('datetime'), SHORT).not.toBe(before);
}

/**
 * Scrolls a chart into view and waits for the next live update. Charts out of view are not
 * redrawn (the page skips them on purpose), so without this a full-page screenshot shows them
 * as they were when last in view.
 */
export async function showChart(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  await nextSnapshot(page);
}

// ---- acting on the page, by label and accessible name --------------------------------------

/** Opens a pod's "Faults" disclosure (a click on its summary) unless it is open. */
export async function openFaults(page: Page, pod: string): Promise<Locator> {
  const form = page.getByTestId(`fault-form-${pod}`);
  if (!(await form.isVisible())) {
    await page.getByText(`Faults for ${pod}`, { exact: true }).click();
  }
  await form.waitFor({ state: 'visible' });
  return form;
}

/** Types the given faults into a pod's form by label and clicks its Apply button. */
export async function applyFaults(
  page: Page,
  pod: string,
  faults: { delayMs?: number; errorRate?: number; kill?: boolean },
): Promise<void> {
  const form = await openFaults(page, pod);
  if (faults.delayMs !== undefined) {
    await page.getByLabel(`Delay (ms) for ${pod}`, { exact: true }).fill(String(faults.delayMs));
  }
  if (faults.errorRate !== undefined) {
    await page
      .getByLabel(`Error rate (0–1) for ${pod}`, { exact: true })
      .fill(String(faults.errorRate));
  }
  if (faults.kill !== undefined) {
    await page.getByLabel(`Kill ${pod}`, { exact: true }).setChecked(faults.kill);
  }
  await page.getByRole('button', { name: `Apply faults to ${pod}`, exact: true }).click();
  await expect
    .poll(() => form.getByRole('status').textContent(), SHORT)
    .toBe(`Fault applied to ${pod}`);
}

/** Clicks a pod's Restart button and waits for its restart count to go up. */
export async function restart(page: Page, pod: string): Promise<void> {
  const restarts = page.getByTestId(`pod-restarts-${pod}`);
  const before = (await numberAttr(restarts, 'data-value')) ?? 0;
  await page.getByRole('button', { name: `Restart ${pod}`, exact: true }).click();
  await expect.poll(() => numberAttr(restarts, 'data-value'), SHORT).toBe(before + 1);
}
