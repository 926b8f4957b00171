import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, Lab } from '../../src/api/types';
import {
  LiveConnection,
  type ConnectionState,
  type EventSourceLike,
} from '../../src/live/connection';
import { makeLab } from '../fixtures';

class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onerror: ((event: Event) => unknown) | null = null;
  closed = false;
  private listeners: ((event: MessageEvent<string>) => void)[] = [];
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(_type: 'snapshot', listener: (event: MessageEvent<string>) => void) {
    this.listeners.push(listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  /** Server sends a snapshot. */
  emit(lab: Lab) {
    this.readyState = 1;
    for (const l of this.listeners) l({ data: JSON.stringify(lab) } as MessageEvent<string>);
  }
  /** Connection failed; `closed` = the browser gave up (no automatic reconnect). */
  fail(closed = false) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
  static get last(): FakeEventSource {
    return FakeEventSource.instances[FakeEventSource.instances.length - 1]!;
  }
}

function setup(options: { eventSource?: boolean; labResult?: () => ApiResult<Lab> } = {}) {
  const states: ConnectionState[] = [];
  const snapshots: Lab[] = [];
  const fetchLab = vi.fn(async (_signal: AbortSignal): Promise<ApiResult<Lab>> =>
    options.labResult ? options.labResult() : { ok: true, data: makeLab({ version: 99 }) },
  );
  const connection = new LiveConnection(
    {
      createEventSource: options.eventSource === false ? null : (url) => new FakeEventSource(url),
      fetchLab,
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
    },
    { onSnapshot: (lab) => snapshots.push(lab), onState: (s) => states.push(s) },
  );
  return { connection, states, snapshots, fetchLab };
}

describe('LiveConnection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('streams snapshots and is live', () => {
    const { connection, states, snapshots, fetchLab } = setup();
    connection.start();
    expect(connection.state).toBe('connecting');
    expect(FakeEventSource.last.url).toBe('/stream');
    FakeEventSource.last.emit(makeLab({ version: 7 }));
    expect(connection.state).toBe('live');
    expect(states).toEqual(['live']);
    expect(snapshots.map((s) => s.version)).toEqual([7]);
    expect(fetchLab).not.toHaveBeenCalled();
  });

  it('reconnects after an error without falling back, and a message resets the count', () => {
    const { connection } = setup();
    connection.start();
    const es = FakeEventSource.last;
    es.emit(makeLab());
    es.fail();
    es.fail();
    expect(connection.state).toBe('reconnecting');
    es.emit(makeLab({ version: 2 }));
    expect(connection.state).toBe('live');
    es.fail();
    es.fail();
    expect(connection.state).toBe('reconnecting');
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('falls back to polling /lab every second after 3 errors without a message', async () => {
    const { connection, states, snapshots, fetchLab } = setup();
    connection.start();
    const es = FakeEventSource.last;
    es.emit(makeLab());
    es.fail();
    es.fail();
    es.fail();
    expect(es.closed).toBe(true);
    expect(connection.state).toBe('polling');
    expect(fetchLab).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots.at(-1)?.version).toBe(99);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetchLab).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(fetchLab).toHaveBeenCalledTimes(5);
    expect(states).toEqual(['live', 'reconnecting', 'polling']);
  });

  it('goes back to the stream 30 s later and stops polling on its first snapshot', async () => {
    const { connection, fetchLab } = setup();
    connection.start();
    const first = FakeEventSource.last;
    first.fail();
    first.fail();
    first.fail();
    expect(connection.state).toBe('polling');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(FakeEventSource.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(connection.state).toBe('polling'); // polls go on until the stream proves itself
    const trial = FakeEventSource.last;
    trial.emit(makeLab({ version: 500 }));
    expect(connection.state).toBe('live');
    const calls = fetchLab.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchLab.mock.calls.length).toBe(calls);
  });

  it('a trial stream that fails is closed and retried 30 s later while polling goes on', async () => {
    const { connection, fetchLab } = setup();
    connection.start();
    for (let i = 0; i < 3; i++) FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(30_000);
    const trial = FakeEventSource.last;
    trial.fail();
    expect(trial.closed).toBe(true);
    expect(connection.state).toBe('polling');
    const calls = fetchLab.mock.calls.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fetchLab.mock.calls.length).toBeGreaterThan(calls + 25);
    expect(FakeEventSource.instances).toHaveLength(3);
  });

  it('is offline while polls fail, and polling again once one succeeds', async () => {
    let up = false;
    const { connection, states } = setup({
      labResult: () =>
        up ? { ok: true, data: makeLab() } : { ok: false, status: 0, detail: 'network error' },
    });
    connection.start();
    for (let i = 0; i < 3; i++) FakeEventSource.last.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.state).toBe('offline');
    up = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(connection.state).toBe('polling');
    expect(states).toEqual(['reconnecting', 'polling', 'offline', 'polling']);
  });

  it('reopens the stream itself when the browser gave up on it (readyState CLOSED)', async () => {
    const { connection } = setup();
    connection.start();
    FakeEventSource.last.fail(true);
    expect(connection.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last.fail(true);
    await vi.advanceTimersByTimeAsync(2000);
    FakeEventSource.last.fail(true); // third error in a row: polling
    expect(connection.state).toBe('polling');
  });

  it('treats a silent stream as failed: reopens it, and polls after 3 stalls', async () => {
    const { connection } = setup();
    connection.start();
    FakeEventSource.last.emit(makeLab());
    await vi.advanceTimersByTimeAsync(4_999);
    expect(connection.state).toBe('live');
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.state).toBe('reconnecting');
    expect(FakeEventSource.instances[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1); // reopened at once (a 0 ms timer)
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_010);
    expect(FakeEventSource.instances).toHaveLength(3);
    expect(connection.state).toBe('polling');
    expect(FakeEventSource.last.closed).toBe(true);
  });

  it('snapshots keep the stall watchdog quiet', async () => {
    const { connection } = setup();
    connection.start();
    for (let i = 0; i < 20; i++) {
      FakeEventSource.last.emit(makeLab({ version: i }));
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(connection.state).toBe('live');
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('sets no timer per snapshot: a snapshot moves the watchdog deadline', async () => {
    const timers = vi.fn((cb: () => void, ms: number) => setTimeout(cb, ms));
    const connection = new LiveConnection(
      {
        createEventSource: (url) => new FakeEventSource(url),
        fetchLab: async () => ({ ok: true, data: makeLab() }),
        setTimeout: timers,
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        now: () => Date.now(),
      },
      { onSnapshot: () => {}, onState: () => {} },
    );
    connection.start();
    for (let i = 0; i < 20; i++) {
      FakeEventSource.last.emit(makeLab({ version: i }));
      await vi.advanceTimersByTimeAsync(1000);
    }
    // One timer, moved on when it fires (every 5 s): 20 snapshots, 4 timers.
    expect(timers.mock.calls.length).toBeLessThanOrEqual(5);
    expect(connection.state).toBe('live');
    // Silence: the stall is still noticed 5 s after the last snapshot.
    await vi.advanceTimersByTimeAsync(3999);
    expect(connection.state).toBe('live');
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.state).toBe('reconnecting');
    connection.stop();
  });

  it('polls only when EventSource is missing', async () => {
    const { connection, fetchLab } = setup({ eventSource: false });
    connection.start();
    expect(connection.state).toBe('polling');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.instances).toHaveLength(0);
    expect(fetchLab.mock.calls.length).toBeGreaterThanOrEqual(60);
  });

  it('stops everything on stop()', async () => {
    const { connection, fetchLab, snapshots } = setup();
    connection.start();
    for (let i = 0; i < 3; i++) FakeEventSource.last.fail();
    connection.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchLab).toHaveBeenCalledTimes(1);
    expect(snapshots).toHaveLength(0); // the in-flight poll answer is dropped
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('ignores garbled stream messages', () => {
    const { connection, snapshots } = setup();
    connection.start();
    const es = FakeEventSource.last;
    (es as unknown as { listeners: ((e: MessageEvent<string>) => void)[] }).listeners[0]!({
      data: '{not json',
    } as MessageEvent<string>);
    expect(snapshots).toHaveLength(0);
    expect(connection.state).toBe('connecting');
  });
});

describe('LiveConnection.select', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reopens an open stream on the new URL and stays live', () => {
    const { connection, states } = setup();
    connection.start();
    const first = FakeEventSource.last;
    first.emit(makeLab());
    connection.select('/stream?pods=none');
    expect(first.closed).toBe(true);
    expect(FakeEventSource.last.url).toBe('/stream?pods=none');
    connection.select('/stream?pods=none');
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last.emit(makeLab({ version: 2 }));
    expect(states).toEqual(['live']);
  });

  it('while polling, the next trial stream takes the new URL', async () => {
    const { connection } = setup();
    connection.start();
    for (let i = 0; i < 3; i += 1) FakeEventSource.last.fail();
    expect(connection.state).toBe('polling');
    const count = FakeEventSource.instances.length;
    connection.select('/stream?service=svc-1');
    expect(FakeEventSource.instances).toHaveLength(count);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(FakeEventSource.last.url).toBe('/stream?service=svc-1');
  });
});
