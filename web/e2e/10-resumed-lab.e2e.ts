// Issue 13, "the lab carries on across a restart", in a real browser against the real server: a
// lab kept in its own data directory is killed (SIGKILL, as a crash) after it saved a fault, and
// started again on that directory. The page says it resumed (down from .. to .., for how long),
// the fault is still in force, and the event log has the server's "lab resumed" event.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import type { FaultResult, Lab } from '../src/api/types';
import { formatSpan } from '../src/lib/format';
import { api, LONG, podStatus, SHORT, useScenario } from './dashboard';

const POD = 'sensor-sim-pod-1';

/** GET /readyz, as far as this test reads it. */
interface Readyz {
  /** Unix seconds of the last save of the lab; null when it is kept in memory. */
  saved_at: number | null;
}

/** The page's local wall-clock time of a unix timestamp, as the notice writes it (with the date
 * before it when the time is not today: tolerated, should the test run over midnight). */
const clockPattern = async (page: Page, unixSeconds: number) => {
  const clock = await page.evaluate(
    (t) => new Date(t * 1000).toTimeString().slice(0, 8),
    unixSeconds,
  );
  return `(?:\\d{4}-\\d\\d-\\d\\d )?${clock}`;
};

// The test's own data directory: every server of this file keeps the lab there.
const dataDir = mkdtempSync(join(tmpdir(), 'hb-e2e-resumed-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a lab resumed after the server was killed', () => {
  const scenario = useScenario('resumed-lab', { seed: 10, dataDir });

  test('the board says when the server was down, and what carried on', async () => {
    const before = await scenario.open();

    await scenario.step(before, 'fault-saved', async () => {
      await expect(before.getByTestId('resumed-notice').count()).resolves.toBe(0);
      const base = scenario.lab.url;
      const fault = await api<FaultResult>(base, `/fault/${POD}`, { kill: true });
      // The fault is on disk once a save later than its answer is done (about one a second).
      await expect
        .poll(async () => (await api<Readyz>(base, '/readyz')).saved_at ?? 0, SHORT)
        .toBeGreaterThan(fault.timestamp);
      await expect.poll(() => podStatus(before, POD), SHORT).toBe('Down');
    });

    await scenario.restartLab('kill');
    const lab = await api<Lab>(scenario.lab.url, '/lab');
    expect(lab.downtimes).toHaveLength(1);
    const downtime = lab.downtimes[0]!;
    const page = await scenario.open();

    await scenario.step(page, 'resumed', async () => {
      const notice = page.getByRole('status').filter({ hasText: 'Resumed:' });
      await expect.poll(() => notice.getAttribute('data-from'), SHORT).toBe(String(downtime.from));
      expect(await notice.getAttribute('data-testid')).toBe('resumed-notice');
      const from = await clockPattern(page, downtime.from);
      const to = await clockPattern(page, downtime.to);
      const span = formatSpan(downtime.seconds);
      expect(await notice.textContent()).toMatch(
        new RegExp(
          `^Resumed: the server was down from ${from} to ${to} \\(${span}\\); ` +
            'no traffic was simulated then\\.',
        ),
      );

      // What was in force carries on: the pod is still killed, and shown so.
      expect(lab.pods.find((p) => p.id === POD)?.killed).toBe(true);
      await expect.poll(() => podStatus(page, POD), SHORT).toBe('Down');
      await expect
        .poll(() => page.getByTestId(`pod-row-${POD}`).locator('.badge-killed').count(), SHORT)
        .toBe(1);

      // The event log has the server's own word on it.
      const resumed = page.getByTestId('event-log').locator('li[data-kind="lab"]');
      await expect.poll(() => resumed.count(), SHORT).toBe(1);
      const text = await resumed.textContent();
      expect(text).toContain('Normal Resumed');
      expect(text).toContain('lab resumed: the server was down for');
      expect(text).toContain(`still in force: ${POD} (kill true)`);
    });

    await scenario.step(before, 'open-page-follows', async () => {
      // The page that was open across the crash follows the new instance and says so too.
      await expect
        .poll(() => before.getByTestId('resumed-notice').getAttribute('data-from'), LONG)
        .toBe(String(downtime.from));
    });
  });
});
