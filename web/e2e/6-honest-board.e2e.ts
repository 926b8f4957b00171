// Issue 15, "a board that never says something untrue", in a real browser against the real
// server: the fault form keeps a timed fault timed (9), no event is lost in a burst (10), a
// frozen server's figures are marked stale and its outage is a chart gap (11), and a restarted
// server's page starts its event log afresh (12).
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { EventsPage, History, Lab, Pod } from '../src/api/types';
import {
  api,
  LONG,
  nextSnapshot,
  numberAttr,
  openFaults,
  SHORT,
  showChart,
  useScenario,
} from './dashboard';

const POD = 'sensor-sim-pod-2';

const podOf = async (base: string, id: string): Promise<Pod> => {
  const lab = await api<Lab>(base, '/lab');
  const pod = lab.pods.find((p) => p.id === id);
  if (!pod) throw new Error(`no pod ${id}`);
  return pod;
};

/** The ids in the page's event log, newest first. */
const loggedIds = (page: Page) =>
  page
    .getByTestId('event-log')
    .locator('li[data-id]')
    .evaluateAll((items) => items.map((li) => Number((li as HTMLElement).dataset.id)));

/** The page's event log as "id message" lines. */
const loggedLines = (page: Page) =>
  page
    .getByTestId('event-log')
    .locator('li[data-id]')
    .evaluateAll((items) =>
      items.map(
        (li) =>
          `${(li as HTMLElement).dataset.id} ${li.querySelector('.event-message')?.textContent}`,
      ),
    );

describe('a board that never says something untrue', () => {
  const scenario = useScenario('honest-board', { seed: 6 });

  test('the fault form sends only what changed: a timed delay stays timed (9)', async () => {
    const page = await scenario.open();
    const base = scenario.lab.url;
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request.postData() ?? '');
    });

    await scenario.step(page, 'timed-delay', async () => {
      await api(base, `/fault/${POD}`, { delay_ms: 800, duration_s: 20 });
      await openFaults(page, POD);
      const delay = page.getByLabel(`Delay (ms) for ${POD}`, { exact: true });
      await expect.poll(() => delay.inputValue(), SHORT).toBe('800');
      await expect
        .poll(() => page.getByTestId(`pod-row-${POD}`).textContent(), SHORT)
        .toContain('until');
    });

    await scenario.step(page, 'error-rate-only', async () => {
      const endsAt = (await podOf(base, POD)).fault_ends_at;
      expect(endsAt).not.toBeNull();
      await page.getByLabel(`Error rate (0–1) for ${POD}`, { exact: true }).fill('.5');
      await page.getByRole('button', { name: `Apply faults to ${POD}`, exact: true }).click();
      const form = page.getByTestId(`fault-form-${POD}`);
      await expect
        .poll(() => form.getByRole('status').textContent(), SHORT)
        .toBe(`Fault applied to ${POD}`);
      expect(posted.map((body) => JSON.parse(body))).toEqual([{ error_rate: 0.5 }]);
      const pod = await podOf(base, POD);
      expect(pod.delay_ms).toBe(800);
      expect(pod.error_rate).toBe(0.5);
      // The delay still ends by itself, when it did before.
      expect(pod.fault_ends_at).toBe(endsAt);
    });

    await scenario.step(page, 'nothing-changed', async () => {
      const form = page.getByTestId(`fault-form-${POD}`);
      await expect
        .poll(() => page.getByLabel(`Error rate (0–1) for ${POD}`, { exact: true }).inputValue())
        .toBe('0.5');
      await page.getByRole('button', { name: `Apply faults to ${POD}`, exact: true }).click();
      await expect
        .poll(() => form.getByRole('status').textContent(), SHORT)
        .toBe('Nothing changed: nothing was sent.');
      expect(posted).toHaveLength(1);
      const faults = (await api<EventsPage>(base, '/events?limit=500')).events.filter(
        (e) => e.kind === 'fault' && e.target === POD,
      );
      expect(faults).toHaveLength(2); // the timed delay and the error rate, nothing more
    });

    await scenario.step(page, 'jitter-and-duration', async () => {
      await page.getByLabel(`Jitter (ms) for ${POD}`, { exact: true }).fill('100');
      await page.getByLabel(`Duration (s) for ${POD}`, { exact: true }).fill('30');
      await page.getByRole('button', { name: `Apply faults to ${POD}`, exact: true }).click();
      await expect
        .poll(() => page.getByTestId(`pod-row-${POD}`).textContent(), SHORT)
        .toContain('± 100 ms');
      expect(JSON.parse(posted.at(-1) ?? '')).toEqual({ jitter_ms: 100, duration_s: 30 });
      await api(base, `/fault/${POD}`, { delay_ms: 0, jitter_ms: 0, error_rate: 0 });
    });
  });

  test('a burst of changes loses no event (10)', async () => {
    const page = await scenario.open();
    const base = scenario.lab.url;
    await nextSnapshot(page);

    await scenario.step(page, 'burst', async () => {
      // 150 faults as fast as the server takes them: far more than a snapshot's 50 events
      // arrive between two snapshots (one a second).
      const pods = ['ui-proxy-pod-1', 'ui-proxy-pod-2', 'ui-proxy-pod-3'];
      await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          api(base, `/fault/${pods[i % 3]}`, { delay_ms: 1 + Math.floor(i / 3) }),
        ),
      );
      const burst = (await api<EventsPage>(base, '/events?limit=200')).events
        .filter((e) => e.kind === 'fault' && e.service === 'ui-proxy')
        .map((e) => e.id);
      expect(burst).toHaveLength(150);
      // The log shows the newest 100 events (more may follow the burst): each one of them, no
      // id missing in between, down into the burst, which no single snapshot could carry.
      const holes = (ids: number[]) => ids.slice(1).filter((id, i) => ids[i]! - id !== 1);
      await expect
        .poll(async () => {
          const ids = await loggedIds(page);
          return {
            shown: ids.length,
            holes: holes(ids),
            newestBurstShown: ids.includes(burst[0]!),
          };
        }, LONG)
        .toEqual({ shown: 100, holes: [], newestBurstShown: true });
      for (const pod of pods) await api(base, `/fault/${pod}`, { delay_ms: 0 });
    });
  });

  test('a frozen server: figures marked stale with their age, the outage a chart gap (11)', async () => {
    const page = await scenario.open();
    const main = page.getByRole('main');
    const chart = page.getByTestId('chart-latency-sensor-sim');

    await scenario.step(page, 'live', async () => {
      await expect(main.getAttribute('data-stale')).resolves.toBe('false');
      await expect.poll(() => numberAttr(chart, 'data-gaps'), SHORT).toBe(0);
    });

    await scenario.step(page, 'frozen', async () => {
      // Frozen, not gone: connections stay open and nothing answers (resumed in the next step;
      // stop() resumes it too should this step fail).
      scenario.lab.pause();
      await expect.poll(() => main.getAttribute('data-stale'), SHORT).toBe('true');
      const notice = page.getByTestId('stale-notice');
      await expect.poll(() => notice.textContent(), SHORT).toMatch(/Not current.* \(\d+ s ago\)/);
      // Greyed, statuses and figures alike.
      const cards = page.locator('.cards');
      await expect(cards.evaluate((el) => getComputedStyle(el).opacity)).resolves.toBe('0.55');
      // The age goes on counting.
      const age = async () =>
        Number(/\((\d+) s ago\)/.exec((await notice.textContent()) ?? '')?.[1]);
      await expect.poll(age, SHORT).toBeGreaterThanOrEqual(5);
    });

    await scenario.step(page, 'back', async () => {
      scenario.lab.resume();
      await expect.poll(() => main.getAttribute('data-stale'), LONG).toBe('false');
      await expect(page.getByTestId('stale-notice').count()).resolves.toBe(0);
      await chart.scrollIntoViewIfNeeded();
      // The samples the page did not receive are a gap, not a line across.
      await expect.poll(() => numberAttr(chart, 'data-gaps'), SHORT).toBe(1);
      await showChart(page, 'chart-latency-sensor-sim');
    });
  });

  test('a restarted server: the event log and the charts start afresh (12)', async () => {
    const page = await scenario.open();
    const log = page.getByTestId('event-log');
    const chart = page.getByTestId('chart-latency-sensor-sim');

    await scenario.step(page, 'before-restart', async () => {
      await api(scenario.lab.url, '/fault/planner-sim-pod-3', { kill: true });
      await expect.poll(() => log.textContent(), SHORT).toContain('fault on planner-sim-pod-3');
      await expect.poll(() => numberAttr(chart, 'data-points'), SHORT).toBeGreaterThan(10);
    });

    await scenario.step(page, 'restarted', async () => {
      await scenario.restartLab();
      const base = scenario.lab.url;
      await expect
        .poll(() => page.getByTestId(`pod-row-planner-sim-pod-3`).textContent(), LONG)
        .toContain('no faults');
      await expect.poll(() => log.textContent(), SHORT).not.toContain('fault on planner-sim-pod-3');
      // Every event shown is the new server's, as it tells them.
      const lines = await loggedLines(page);
      const server = (await api<EventsPage>(base, '/events?limit=500')).events.map(
        (e) => `${e.id} ${e.message}`,
      );
      for (const line of lines) expect(server).toContain(line);
      // The charts hold the new server's few seconds (its history and the samples since), not
      // the earlier minutes.
      await expect
        .poll(async () => {
          const shown = (await numberAttr(chart, 'data-points')) ?? 0;
          const history = await api<History>(base, '/history?window=5m');
          return shown <= history.t.length + 2;
        }, SHORT)
        .toBe(true);
    });
  });

  test('small things: hover values, one restart for three clicks (13)', async () => {
    const page = await scenario.open();

    await scenario.step(page, 'hover', async () => {
      const chart = page.getByTestId('chart-latency-ui-proxy');
      await chart.scrollIntoViewIfNeeded();
      const readout = chart.locator('.chart-readout');
      await expect(readout.textContent()).resolves.toBe('Hover for values');
      const box = await chart.locator('.u-over').boundingBox();
      if (!box) throw new Error('no plot area');
      await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
      await expect
        .poll(() => readout.textContent(), SHORT)
        .toMatch(/^\d\d:\d\d:\d\d · p50 .* · p95 .* · p99 .* · p95 target 200 ms$/);
    });

    await scenario.step(page, 'restart-thrice', async () => {
      const pod = 'ui-proxy-pod-3';
      const restarts = page.getByTestId(`pod-restarts-${pod}`);
      const before = (await numberAttr(restarts, 'data-value')) ?? 0;
      const button = page.getByRole('button', { name: `Restart ${pod}`, exact: true });
      await button.click();
      await button.click({ force: true });
      await button.click({ force: true });
      await expect.poll(() => numberAttr(restarts, 'data-value'), SHORT).toBe(before + 1);
      await expect.poll(() => button.isEnabled(), SHORT).toBe(true);
      const server = await podOf(scenario.lab.url, pod);
      expect(server.restarts).toBe(before + 1);
    });
  });
});
