import { describe, expect, it } from 'vitest';
import { isChartEvent, markersInRange, mergeEvents } from '../../src/lib/events';
import { makeEvent } from '../fixtures';

describe('mergeEvents', () => {
  it('merges newest first and dedupes by id', () => {
    const a = [makeEvent(3, 30), makeEvent(2, 20)];
    const merged = mergeEvents(a, [makeEvent(4, 40), makeEvent(3, 30), makeEvent(1, 10)]);
    expect(merged.map((e) => e.id)).toEqual([4, 3, 2, 1]);
  });
  it('returns the same list when nothing is new (memoised views stay put)', () => {
    const a = [makeEvent(2, 20), makeEvent(1, 10)];
    expect(mergeEvents(a, [makeEvent(2, 20)])).toBe(a);
    expect(mergeEvents(a, [])).toBe(a);
  });
  it('orders by time then id', () => {
    const merged = mergeEvents([], [makeEvent(1, 10), makeEvent(3, 10), makeEvent(2, 50)]);
    expect(merged.map((e) => e.id)).toEqual([2, 3, 1]);
  });
  it('keeps at most `limit` events', () => {
    const many = Array.from({ length: 10 }, (_, i) => makeEvent(i, i));
    expect(mergeEvents([], many, 4).map((e) => e.id)).toEqual([9, 8, 7, 6]);
  });
  it('starts over when a known id comes back with another time (server restarted)', () => {
    const merged = mergeEvents([makeEvent(1, 10), makeEvent(2, 20)], [makeEvent(1, 500)]);
    expect(merged).toEqual([makeEvent(1, 500)]);
  });
});

describe('markersInRange', () => {
  const events = [
    makeEvent(1, 100, 'fault'),
    makeEvent(2, 200, 'restart'),
    makeEvent(3, 250, 'pod_status'),
    makeEvent(4, 300, 'fault', 'planner-sim-pod-1'),
    makeEvent(5, 400, 'fault'),
  ];
  it('keeps fault and restart events within the range, oldest first', () => {
    expect(markersInRange(events, 150, 350)).toEqual([
      { at: 200, kind: 'restart' },
      { at: 300, kind: 'fault' },
    ]);
  });
  it('includes the range ends', () => {
    expect(markersInRange(events, 100, 200).map((m) => m.at)).toEqual([100, 200]);
  });
  it('filters by service (events without a service are lab-wide)', () => {
    // makeEvent gives non sensor-sim targets service null: they show on every chart.
    expect(markersInRange(events, 0, 1000, 'sensor-sim').map((m) => m.at)).toEqual([
      100, 200, 300, 400,
    ]);
    const planner = { ...makeEvent(6, 300, 'fault', 'planner-sim-pod-1'), service: 'planner-sim' };
    expect(isChartEvent(planner, 'sensor-sim')).toBe(false);
    expect(isChartEvent(planner, 'planner-sim')).toBe(true);
  });
});
