// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setFetch, type Fetch } from '../../src/api';
import type { Pod } from '../../src/api/types';
import type { UPlotChartProps } from '../../src/charts/UPlotChart';
import type { PodActions } from '../../src/components/actions';
import { Dashboard } from '../../src/App';
import type { ConnectionDeps, EventSourceLike } from '../../src/live/connection';
import { initialLabState, labReducer, type LabState } from '../../src/live/labStore';
import { useLiveLab } from '../../src/live/useLiveLab';
import { makeEvent, makeHistory, makeLargeLab } from '../fixtures';
import { FakeObserver } from '../fakeIntersectionObserver';

vi.mock('../../src/charts/UPlotChart', () => ({
  UPlotChart: (props: UPlotChartProps) => <figure data-testid={props.testId} />,
}));

const actions: PodActions = { postFault: vi.fn(), restartPod: vi.fn() };

/** 5 services x 30 pods; svc-1's pods 3, 13, 23 Down and 7 Degraded. */
function lab(version = 1) {
  const large = makeLargeLab(5, 30, { version, timestamp: 1000 + version });
  large.pods = large.pods.map((pod): Pod => {
    if (pod.service !== 'svc-1') return pod;
    const n = Number(pod.id.split('-').at(-1));
    if (n % 10 === 3) return { ...pod, status: 'Down', killed: true };
    return n === 7 ? { ...pod, status: 'Degraded' } : pod;
  });
  return large;
}

const stateWith = (focus: string | null): LabState => {
  let state = labReducer(initialLabState, { type: 'connection', state: 'live' });
  state = labReducer(state, { type: 'focus', service: focus });
  return labReducer(state, { type: 'snapshot', lab: lab() });
};

const podRows = () => screen.queryAllByTestId(/^pod-row-/);

describe('a large lab summarised', () => {
  it('shows a card per service with its counts, and no pod', () => {
    render(<Dashboard state={stateWith(null)} actions={actions} />);
    expect(screen.getByTestId('summary-mode').textContent).toContain('150 pods in 5 services');
    const card = screen.getByTestId('service-card-svc-1');
    expect(card.dataset.summary).toBe('');
    expect(screen.getByTestId('service-pods-svc-1').textContent).toBe('30/30');
    expect(screen.getByTestId('pod-counts-svc-1').textContent).toContain('30 Healthy');
    expect(podRows()).toHaveLength(0);
    // Charts per service as for a small lab.
    expect(screen.getByTestId('chart-latency-svc-4')).toBeTruthy();
  });

  it('mounts the event log only near the viewport, its heading always', () => {
    FakeObserver.all = [];
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    try {
      const withEvents = { ...lab(2), events: [makeEvent(2, 1002, 'restart'), makeEvent(1, 1001)] };
      const state = labReducer(stateWith(null), { type: 'snapshot', lab: withEvents });
      render(<Dashboard state={state} actions={actions} />);
      const section = screen.getByRole('region', { name: 'Events' });
      expect(within(section).getByRole('heading', { name: 'Events' })).toBeTruthy();
      // Far below every service's charts: its place kept, no list and no row.
      expect(screen.queryByTestId('event-log')).toBeNull();
      const slot = section.querySelector('[data-deferred]') as HTMLElement;
      expect(slot.style.height).toBe('352px');
      const observer = FakeObserver.all.find((o) => o.observed.includes(slot))!;
      observer.report(true);
      const rows = within(screen.getByTestId('event-log')).getAllByRole('listitem');
      expect(rows.map((li) => li.dataset.id)).toEqual(['2', '1']);
      observer.report(false);
      expect(screen.queryByTestId('event-log')).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('asks to open a service, and to close it', () => {
    const onFocus = vi.fn();
    const { rerender } = render(
      <Dashboard state={stateWith(null)} actions={actions} onFocus={onFocus} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Show the pods of svc-2' }));
    expect(onFocus).toHaveBeenLastCalledWith('svc-2');
    rerender(<Dashboard state={stateWith('svc-2')} actions={actions} onFocus={onFocus} />);
    fireEvent.click(screen.getByRole('button', { name: 'Hide the pods of svc-2' }));
    expect(onFocus).toHaveBeenLastCalledWith(null);
  });

  it('pages the open service pods, 20 at a time', () => {
    render(<Dashboard state={stateWith('svc-1')} actions={actions} />);
    expect(podRows()).toHaveLength(20);
    expect(screen.getByTestId('pod-range-svc-1').textContent).toBe('1–20 of 30');
    expect(screen.getByTestId('pod-row-svc-1-pod-1')).toBeTruthy();
    const previous = screen.getByRole('button', { name: 'Previous pods of svc-1' });
    const next = screen.getByRole('button', { name: 'Next pods of svc-1' });
    expect((previous as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(next);
    expect(podRows()).toHaveLength(10);
    expect(screen.getByTestId('pod-range-svc-1').textContent).toBe('21–30 of 30');
    expect(screen.queryByTestId('pod-row-svc-1-pod-1')).toBeNull();
    expect((next as HTMLButtonElement).disabled).toBe(true);
  });

  it('filters the open service pods by status, with their counts', () => {
    render(<Dashboard state={stateWith('svc-1')} actions={actions} />);
    const count = (filter: string) =>
      within(screen.getByTestId(`pod-filter-svc-1-${filter}`))
        .getByText(/\d+/)
        .getAttribute('data-value');
    expect(['all', 'Healthy', 'Degraded', 'Down'].map(count)).toEqual(['30', '26', '1', '3']);
    // The card's own line counts the pods shown.
    expect(screen.getByTestId('pod-counts-svc-1').textContent).toContain('4 Degraded or Down');
    fireEvent.click(screen.getByTestId('pod-filter-svc-1-Down'));
    expect(podRows().map((row) => row.dataset.testid)).toEqual(
      ['3', '13', '23'].map((n) => `pod-row-svc-1-pod-${n}`),
    );
    expect(screen.getByTestId('pod-filter-svc-1-Down').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('pod-filter-svc-1-Degraded'));
    expect(podRows().map((row) => row.dataset.testid)).toEqual(['pod-row-svc-1-pod-7']);
  });

  it('says the pods are on their way until the stream brings them', () => {
    let state = stateWith(null);
    state = labReducer(state, { type: 'focus', service: 'svc-3' });
    render(<Dashboard state={state} actions={actions} />);
    expect(screen.getByText('Loading the pods…')).toBeTruthy();
    expect(podRows()).toHaveLength(0);
  });
});

// --- the live wiring: which pods the stream carries ---------------------------------------------

class FakeStream implements EventSourceLike {
  static opened: FakeStream[] = [];
  readyState = 0;
  onerror: ((event: Event) => unknown) | null = null;
  listener: ((event: MessageEvent<string>) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeStream.opened.push(this);
  }
  addEventListener(_type: 'snapshot', listener: (event: MessageEvent<string>) => void) {
    this.listener = listener;
  }
  close() {
    this.closed = true;
  }
  static get last(): FakeStream {
    return FakeStream.opened[FakeStream.opened.length - 1]!;
  }
}

const fakeDeps = (): ConnectionDeps => ({
  createEventSource: (url) => new FakeStream(url),
  fetchLab: async () => ({ ok: false, status: 0, detail: 'unused' }),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
});

function LivePage() {
  const live = useLiveLab(fakeDeps);
  return <Dashboard state={live} actions={actions} onFocus={live.focusService} />;
}

describe('a large lab live', () => {
  const original = setFetch(globalThis.fetch);
  afterEach(() => setFetch(original));

  it('streams no pods, then only those of the open service', async () => {
    setFetch(vi.fn<Fetch>(async () => new Response(JSON.stringify(makeHistory(1000, 10)))));
    FakeStream.opened = [];
    render(<LivePage />);
    expect(FakeStream.last.url).toBe('/stream');
    const send = (version: number, pods?: (p: Pod) => boolean) =>
      act(async () => {
        const snapshot = lab(version);
        if (pods) snapshot.pods = snapshot.pods.filter(pods);
        FakeStream.last.listener!({ data: JSON.stringify(snapshot) } as MessageEvent<string>);
      });
    await send(1);
    expect(FakeStream.opened.map((s) => s.url)).toEqual(['/stream', '/stream?pods=none']);
    expect(FakeStream.opened[0]!.closed).toBe(true);
    expect(screen.getByTestId('connection-status').dataset.state).toBe('live');
    expect(podRows()).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Show the pods of svc-1' }));
    expect(FakeStream.last.url).toBe('/stream?service=svc-1');
    // Its first snapshot is the one already shown, now with svc-1's pods.
    await send(1, (p) => p.service === 'svc-1');
    expect(podRows()).toHaveLength(20);
    expect(screen.getByTestId('connection-status').dataset.state).toBe('live');

    fireEvent.click(screen.getByRole('button', { name: 'Hide the pods of svc-1' }));
    expect(FakeStream.last.url).toBe('/stream?pods=none');
    expect(podRows()).toHaveLength(0);
  });

  it('closes the open service when a restarted server no longer has it', async () => {
    setFetch(vi.fn<Fetch>(async () => new Response(JSON.stringify(makeHistory(1000, 10)))));
    FakeStream.opened = [];
    render(<LivePage />);
    const send = (snapshot: ReturnType<typeof lab>) =>
      act(async () => {
        FakeStream.last.listener!({ data: JSON.stringify(snapshot) } as MessageEvent<string>);
      });
    await send(lab(1));
    fireEvent.click(screen.getByRole('button', { name: 'Show the pods of svc-4' }));
    expect(FakeStream.last.url).toBe('/stream?service=svc-4');
    const other = lab(1);
    other.instance = 'another-instance';
    other.services = other.services.slice(0, 4);
    other.pods = other.pods.filter((p) => p.service === 'svc-0');
    await send(other);
    expect(FakeStream.last.url).toBe('/stream?pods=none');
    expect(screen.queryByTestId('service-card-svc-4')).toBeNull();
  });
});
