import { describe, expect, it, vi } from 'vitest';
import type { ApiResult, EventsPage, LabEvent } from '../../src/api/types';
import { EventGapFiller, fetchGap, gapBefore, type GetEvents } from '../../src/live/eventGaps';
import { makeEvent, makeLab } from '../fixtures';

/** ids from..to, newest first. */
const range = (from: number, to: number): LabEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => makeEvent(to - i, 1000 + to - i));

/** A fake GET /events over events 1..total, as the server pages them. */
function fakeServer(total: number) {
  const all = range(1, total);
  const getEvents = vi.fn<GetEvents>(async ({ limit, before }) => {
    const events = all.filter((e) => e.id < before).slice(0, limit);
    const last = events.at(-1);
    const result: ApiResult<EventsPage> = {
      ok: true,
      data: {
        events,
        total,
        kept: total,
        next_before: last && last.id > 1 ? last.id : null,
      },
    };
    return result;
  });
  return { all, getEvents };
}

describe('gapBefore', () => {
  it('finds the ids between the newest seen and the oldest of a snapshot', () => {
    expect(gapBefore(50, range(71, 120))).toEqual({ after: 50, before: 71 });
    expect(gapBefore(70, range(71, 120))).toBeNull();
    expect(gapBefore(100, range(71, 120))).toBeNull();
    expect(gapBefore(null, range(71, 120))).toBeNull();
    expect(gapBefore(50, [])).toBeNull();
  });
});

describe('fetchGap', () => {
  it('asks for exactly the missing ids', async () => {
    const { getEvents } = fakeServer(120);
    const found = await fetchGap(getEvents, { after: 50, before: 71 });
    expect(found.map((e) => e.id)).toEqual(range(51, 70).map((e) => e.id));
    expect(getEvents).toHaveBeenCalledTimes(1);
    expect(getEvents.mock.calls[0]?.[0]).toEqual({ limit: 20, before: 71 });
  });

  it('pages with next_before when the gap is over 500, up to the given maximum', async () => {
    const { getEvents } = fakeServer(2000);
    const found = await fetchGap(getEvents, { after: 100, before: 1500 }, undefined, 1200);
    expect(found).toHaveLength(1200);
    expect(found[0]?.id).toBe(1499);
    expect(found.at(-1)?.id).toBe(300);
    expect(getEvents.mock.calls.map((c) => c[0])).toEqual([
      { limit: 500, before: 1500 },
      { limit: 500, before: 1000 },
      { limit: 200, before: 500 },
    ]);
  });

  it('keeps what arrived before an error', async () => {
    const { getEvents } = fakeServer(2000);
    getEvents.mockImplementationOnce(async () => ({ ok: false, status: 0, detail: 'down' }));
    expect(await fetchGap(getEvents, { after: 1, before: 10 })).toEqual([]);
  });
});

describe('EventGapFiller', () => {
  it('fills the events a burst pushed out between two snapshots, not those seen', async () => {
    const { getEvents } = fakeServer(120);
    const onEvents = vi.fn();
    const filler = new EventGapFiller(getEvents, onEvents);
    filler.onSnapshot(makeLab({ events: range(1, 50) }));
    filler.onSnapshot(makeLab({ events: range(21, 70) }));
    expect(getEvents).not.toHaveBeenCalled();
    filler.onSnapshot(makeLab({ events: range(91, 120) }));
    await vi.waitFor(() => expect(onEvents).toHaveBeenCalledTimes(1));
    expect(getEvents.mock.calls[0]?.[0]).toEqual({ limit: 20, before: 91 });
    const [events, instance] = onEvents.mock.calls[0]!;
    expect((events as LabEvent[]).map((e) => e.id)).toEqual(range(71, 90).map((e) => e.id));
    expect(instance).toBe(makeLab().instance);
  });

  it('a first snapshot without events: every event of a later one counts', async () => {
    const { getEvents } = fakeServer(120);
    const onEvents = vi.fn();
    const filler = new EventGapFiller(getEvents, onEvents);
    filler.onSnapshot(makeLab({ events: [] }));
    filler.onSnapshot(makeLab({ events: range(71, 120) }));
    await vi.waitFor(() => expect(onEvents).toHaveBeenCalledTimes(1));
    expect(getEvents.mock.calls[0]?.[0]).toEqual({ limit: 70, before: 71 });
  });

  it('starts over with a new instance (its ids start over too)', () => {
    const { getEvents } = fakeServer(120);
    const filler = new EventGapFiller(getEvents, vi.fn());
    filler.onSnapshot(makeLab({ instance: 'aaaa', events: range(1, 50) }));
    filler.onSnapshot(makeLab({ instance: 'bbbb', events: range(60, 70) }));
    expect(getEvents).not.toHaveBeenCalled();
    filler.stop();
  });
});
