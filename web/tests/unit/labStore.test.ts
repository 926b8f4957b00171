import { describe, expect, it } from 'vitest';
import { initialLabState, isNewerSnapshot, labReducer } from '../../src/live/labStore';
import { column, times } from '../../src/live/series';
import { makeEvent, makeHistory, makeLab, makeLargeLab, makeSample } from '../fixtures';

describe('labReducer', () => {
  it('a snapshot sets the lab, appends its sample and merges its events', () => {
    const lab = makeLab({
      timestamp: 1000.1,
      sample: makeSample(1000),
      events: [makeEvent(1, 999)],
    });
    const state = labReducer(initialLabState, { type: 'snapshot', lab });
    expect(state.lab).toBe(lab);
    expect(times(state.series)).toEqual([1000]);
    expect(state.events.map((e) => e.id)).toEqual([1]);
  });

  it('history fills the last 5 minutes and keeps newer live samples', () => {
    let state = labReducer(initialLabState, {
      type: 'snapshot',
      lab: makeLab({
        timestamp: 1001.1,
        sample: makeSample(1001, 500),
        events: [makeEvent(5, 1001)],
      }),
    });
    state = labReducer(state, {
      type: 'history',
      history: makeHistory(1000, 300, [makeEvent(4, 990), makeEvent(5, 1001)]),
      instance: null,
    });
    expect(times(state.series).length).toBe(301);
    expect(times(state.series).at(-1)).toBe(1001);
    expect(column(state.series, 'sensor-sim', 'p95').at(-1)).toBe(500);
    expect(state.events.map((e) => e.id)).toEqual([5, 4]);
  });

  it('does not re-append the same sample from two snapshots', () => {
    const s1 = labReducer(initialLabState, {
      type: 'snapshot',
      lab: makeLab({ version: 1, timestamp: 1000.1, sample: makeSample(1000) }),
    });
    const s2 = labReducer(s1, {
      type: 'snapshot',
      lab: makeLab({ version: 2, timestamp: 1000.2, sample: makeSample(1000) }),
    });
    expect(s2.series).toBe(s1.series);
  });

  it('drops a duplicate or slightly older snapshot (stream and poll overlap)', () => {
    const current = makeLab({ version: 10, timestamp: 1000 });
    expect(isNewerSnapshot(current, makeLab({ version: 10, timestamp: 1000 }))).toBe(false);
    expect(isNewerSnapshot(current, makeLab({ version: 9, timestamp: 999.9 }))).toBe(false);
    expect(isNewerSnapshot(current, makeLab({ version: 11, timestamp: 1000.1 }))).toBe(true);
    // Much older: the server restarted with a new clock/version.
    expect(isNewerSnapshot(current, makeLab({ version: 1, timestamp: 900 }))).toBe(true);
  });

  it('connection changes keep the state object when nothing changed', () => {
    expect(labReducer(initialLabState, { type: 'connection', state: 'connecting' })).toBe(
      initialLabState,
    );
    expect(labReducer(initialLabState, { type: 'connection', state: 'live' }).connection).toBe(
      'live',
    );
  });

  it('a snapshot from a new server instance starts the event log and the charts afresh', () => {
    let state = labReducer(initialLabState, {
      type: 'snapshot',
      lab: makeLab({ instance: 'aaaa', timestamp: 1000.1, events: [makeEvent(7, 999)] }),
    });
    state = labReducer(state, {
      type: 'history',
      history: makeHistory(1000, 100, [makeEvent(6, 950)]),
      instance: null,
    });
    expect(times(state.series)).toHaveLength(100);
    expect(state.events.map((e) => e.id)).toEqual([7, 6]);

    // The restarted server: ids start over, its clock went on.
    const restarted = makeLab({
      instance: 'bbbb',
      version: 1,
      timestamp: 1030.1,
      sample: makeSample(1030),
      events: [makeEvent(2, 1029.5), makeEvent(1, 1029)],
    });
    state = labReducer(state, { type: 'snapshot', lab: restarted, receivedAt: 5 });
    expect(state.lab).toBe(restarted);
    expect(state.restarts).toBe(1);
    expect(state.receivedAt).toBe(5);
    expect(state.events.map((e) => e.id)).toEqual([2, 1]);
    expect(times(state.series)).toEqual([1030]);

    // Late answers asked of the earlier instance are dropped; the new instance's are kept.
    const late = labReducer(state, {
      type: 'history',
      history: makeHistory(1000, 100, [makeEvent(6, 950)]),
      instance: null,
    });
    expect(late).toBe(state);
    expect(
      labReducer(state, { type: 'events', events: [makeEvent(5, 999)], instance: 'aaaa' }),
    ).toBe(state);
    state = labReducer(state, {
      type: 'history',
      history: makeHistory(1030, 20, [makeEvent(1, 1029)]),
      instance: 'bbbb',
    });
    expect(times(state.series)[0]).toBe(1011);
    expect(state.events.map((e) => e.id)).toEqual([2, 1]);
  });

  it('a new instance is shown even when its clock is slightly behind', () => {
    const state = labReducer(initialLabState, {
      type: 'snapshot',
      lab: makeLab({ instance: 'aaaa', version: 900, timestamp: 1000.1 }),
    });
    const next = makeLab({ instance: 'bbbb', version: 1, timestamp: 999.5 });
    expect(labReducer(state, { type: 'snapshot', lab: next }).lab).toBe(next);
  });

  it('events filling a gap are merged in order', () => {
    let state = labReducer(initialLabState, {
      type: 'snapshot',
      lab: makeLab({ events: [makeEvent(60, 1060), makeEvent(1, 1001)] }),
    });
    state = labReducer(state, {
      type: 'events',
      events: [makeEvent(59, 1059), makeEvent(2, 1002)],
      instance: state.lab!.instance,
    });
    expect(state.events.map((e) => e.id)).toEqual([60, 59, 2, 1]);
  });
});

describe('labReducer on a large lab', () => {
  const large = (version: number, overrides = {}) =>
    makeLargeLab(4, 20, { version, timestamp: 1000 + version, ...overrides });
  const live = (version: number) =>
    labReducer(initialLabState, { type: 'snapshot', lab: large(version) });

  it('keeps no pods while no service is open', () => {
    const state = live(1);
    expect(state.lab?.pods).toEqual([]);
    expect(state.lab?.services).toHaveLength(4);
  });

  it('keeps only the open service pods, and drops them when it closes', () => {
    let state = labReducer(live(1), { type: 'focus', service: 'svc-2' });
    expect(state.focus).toBe('svc-2');
    state = labReducer(state, { type: 'snapshot', lab: large(2) });
    expect(state.lab?.pods.map((p) => p.id)).toHaveLength(20);
    expect(new Set(state.lab?.pods.map((p) => p.service))).toEqual(new Set(['svc-2']));
    state = labReducer(state, { type: 'focus', service: null });
    expect(state.lab?.pods).toEqual([]);
  });

  it('takes the pods of a newly opened service from the snapshot already shown', () => {
    // The stream of one service starts with the current snapshot: same version, now with pods.
    let state = labReducer(live(5), { type: 'focus', service: 'svc-1' });
    state = labReducer(state, { type: 'snapshot', lab: large(5) });
    expect(state.lab?.pods).toHaveLength(20);
    // An older one is not taken, even with the pods.
    const older = labReducer(labReducer(live(5), { type: 'focus', service: 'svc-1' }), {
      type: 'snapshot',
      lab: large(4),
    });
    expect(older.lab?.pods).toEqual([]);
  });

  it('leaves a small lab whole', () => {
    const state = labReducer(initialLabState, { type: 'focus', service: 'sensor-sim' });
    const lab = makeLab();
    expect(labReducer(state, { type: 'snapshot', lab }).lab).toBe(lab);
  });
});
