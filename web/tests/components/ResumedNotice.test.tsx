// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { memo } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Downtime } from '../../src/api/types';
import type { PodActions } from '../../src/components/actions';
import { ResumedNotice } from '../../src/components/ResumedNotice';
import { Dashboard } from '../../src/App';
import { initialLabState, labReducer, type LabState } from '../../src/live/labStore';
import { makeLab } from '../fixtures';

// Charts need a canvas; they are not what this file tests.
vi.mock('../../src/charts/UPlotChart', () => ({
  UPlotChart: (props: { testId?: string }) => <figure data-testid={props.testId} />,
}));

// Counts the notice's renders, the real notice rendering.
const renders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/components/ResumedNotice', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/components/ResumedNotice')>();
  return {
    ...original,
    // Memoised like the real one, so what is counted is what the page asks to render.
    ResumedNotice: memo((props: Parameters<typeof original.ResumedNotice>[0]) => {
      renders.count += 1;
      return <original.ResumedNotice {...props} />;
    }),
  };
});

// Tests run in UTC: these are the page's local times.
const at = (day: number, h: number, m: number, s: number) =>
  Date.UTC(2026, 11, day, h, m, s) / 1000;
const down = (from: number, seconds: number): Downtime => ({ from, to: from + seconds, seconds });
const NOW_MS = at(5, 4, 40, 0) * 1000;

const notice = () => screen.getByTestId('resumed-notice');

describe('ResumedNotice', () => {
  beforeEach(() => {
    renders.count = 0;
  });

  it('shows nothing when the server never was down', () => {
    render(<ResumedNotice downtimes={[]} now={NOW_MS} />);
    expect(screen.queryByTestId('resumed-notice')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says from when to when the server was down, and for how long', () => {
    render(<ResumedNotice downtimes={[down(at(5, 4, 31, 2), 158)]} now={NOW_MS} />);
    const status = screen.getByRole('status');
    expect(status).toBe(notice());
    expect(status.textContent).toBe(
      'Resumed: the server was down from 04:31:02 to 04:33:40 (2 min 38 s); no traffic was ' +
        'simulated then. What is still in force is marked on the pods and listed in the event log.',
    );
    const times = status.querySelectorAll('time');
    expect([...times].map((t) => t.getAttribute('datetime'))).toEqual([
      '2026-12-05T04:31:02.000Z',
      '2026-12-05T04:33:40.000Z',
    ]);
    expect(screen.getByRole('link', { name: 'event log' }).getAttribute('href')).toBe(
      '#events-title',
    );
    expect(status.dataset.count).toBe('1');
  });

  it('shows the newest of several downtimes and counts the earlier ones', () => {
    const downtimes = [
      down(at(5, 1, 0, 0), 40),
      down(at(5, 2, 0, 0), 5),
      down(at(5, 4, 0, 0), 40.4),
    ];
    const { rerender } = render(<ResumedNotice downtimes={downtimes} now={NOW_MS} />);
    expect(notice().textContent).toContain(
      'down from 04:00:00 to 04:00:40 (40 s) and 2 times earlier; no traffic was simulated then.',
    );
    rerender(<ResumedNotice downtimes={downtimes.slice(1)} now={NOW_MS} />);
    expect(notice().textContent).toContain('(40 s) and once earlier; no traffic');
  });

  it('dates the times that are not today', () => {
    render(<ResumedNotice downtimes={[down(at(4, 23, 58, 0), 3 * 3600 + 125)]} now={NOW_MS} />);
    expect(notice().textContent).toContain(
      'down from 2026-12-04 23:58:00 to 03:00:05 (3 h 2 min);',
    );
  });

  describe('on the page', () => {
    // The page says the date of a downtime that was not today: its clock is set to that day.
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(NOW_MS);
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    const actions: PodActions = { postFault: vi.fn(), restartPod: vi.fn() };
    const stateWith = (...labs: ReturnType<typeof makeLab>[]): LabState =>
      labs.reduce(
        (s, lab) => labReducer(s, { type: 'snapshot', lab }),
        labReducer(initialLabState, { type: 'connection', state: 'live' }),
      );
    const T = at(5, 4, 35, 0);
    const snapshot = (version: number, downtimes: Downtime[]) =>
      makeLab({ version, timestamp: T + version, downtimes: downtimes.map((d) => ({ ...d })) });

    it('is absent for a lab never restarted, and for a server that sends no downtimes', () => {
      const old = makeLab() as Partial<ReturnType<typeof makeLab>>;
      delete old.downtimes;
      render(<Dashboard state={stateWith(snapshot(1, []))} actions={actions} />);
      expect(screen.queryByTestId('resumed-notice')).toBeNull();
      render(<Dashboard state={stateWith(old as ReturnType<typeof makeLab>)} actions={actions} />);
      expect(screen.queryByTestId('resumed-notice')).toBeNull();
    });

    it('re-renders only when the downtimes change, not with every snapshot', () => {
      const first = [down(at(5, 4, 31, 2), 158)];
      const s1 = stateWith(snapshot(1, first));
      const { rerender } = render(<Dashboard state={s1} actions={actions} />);
      expect(notice().textContent).toContain('from 04:31:02 to 04:33:40');
      expect(renders.count).toBe(1);

      // New snapshots, each with a new but equal downtimes array.
      const s2 = labReducer(s1, { type: 'snapshot', lab: snapshot(2, first) });
      const s3 = labReducer(s2, { type: 'snapshot', lab: snapshot(3, first) });
      rerender(<Dashboard state={s2} actions={actions} />);
      rerender(<Dashboard state={s3} actions={actions} />);
      expect(renders.count).toBe(1);

      const s4 = labReducer(s3, {
        type: 'snapshot',
        lab: snapshot(4, [...first, down(at(5, 4, 34, 0), 50)]),
      });
      rerender(<Dashboard state={s4} actions={actions} />);
      expect(renders.count).toBe(2);
      expect(notice().textContent).toContain('(50 s) and once earlier');
    });
  });
});
