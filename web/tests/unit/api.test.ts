import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  getEvents,
  getHistory,
  getLab,
  postFault,
  restartPod,
  scaleService,
  setFetch,
  undoRollout,
  type Fetch,
} from '../../src/api';
import { makeLab } from '../fixtures';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function mockFetch(answer: () => Response | Promise<Response>) {
  const f = vi.fn<Fetch>(async () => answer());
  setFetch(f);
  return f;
}

const original = setFetch(globalThis.fetch);
afterEach(() => {
  setFetch(original);
});

describe('api client', () => {
  it('getLab returns the data on 200', async () => {
    const lab = makeLab();
    const f = mockFetch(() => json(200, lab));
    const result = await getLab();
    expect(result).toEqual({ ok: true, data: lab });
    expect(f.mock.calls[0]?.[0]).toBe('/lab');
  });

  it('getHistory passes the window and the AbortSignal', async () => {
    const f = mockFetch(() => json(200, { t: [] }));
    const abort = new AbortController();
    await getHistory('5m', abort.signal);
    expect(f.mock.calls[0]?.[0]).toBe('/history?window=5m');
    expect(f.mock.calls[0]?.[1]?.signal).toBe(abort.signal);
  });

  it('getEvents builds its query', async () => {
    const f = mockFetch(() => json(200, { events: [], total: 0, next_before: null }));
    await getEvents({ limit: 50, before: 5 });
    await getEvents();
    expect(f.mock.calls.map((c) => c[0])).toEqual(['/events?limit=50&before=5', '/events']);
  });

  it('postFault sends JSON and returns the server detail on refusal', async () => {
    const f = mockFetch(() =>
      json(422, {
        detail: 'delay_ms: must be an integer from 0 to 600000 (milliseconds), got 700000',
        field: 'delay_ms',
      }),
    );
    const result = await postFault('sensor-sim-pod-1', { delay_ms: 700000 });
    expect(result).toEqual({
      ok: false,
      status: 422,
      detail: 'delay_ms: must be an integer from 0 to 600000 (milliseconds), got 700000',
      field: 'delay_ms',
    });
    const [url, init] = f.mock.calls[0]!;
    expect(url).toBe('/fault/sensor-sim-pod-1');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"delay_ms":700000}');
  });

  it('restartPod posts to /restart/{id} and reports 404 detail', async () => {
    const f = mockFetch(() => json(404, { detail: 'Pod not found' }));
    expect(await restartPod('nope')).toEqual({ ok: false, status: 404, detail: 'Pod not found' });
    expect(f.mock.calls[0]?.[0]).toBe('/restart/nope');
  });

  it('a network error becomes a plain message with status 0', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await getLab()).toEqual({
      ok: false,
      status: 0,
      detail: 'network error: the server could not be reached',
    });
  });

  it('an error without a JSON body still has a detail', async () => {
    mockFetch(() => new Response('oops', { status: 502, statusText: 'Bad Gateway' }));
    expect(await getLab()).toEqual({ ok: false, status: 502, detail: 'HTTP 502 Bad Gateway' });
  });

  it('scaleService posts {replicas} as JSON to /scale/{service}', async () => {
    const answer = { service: 'ui proxy', replicas: 5, previous: 3, changed: true };
    const f = mockFetch(() => json(200, answer));
    expect(await scaleService('ui proxy', 5)).toEqual({ ok: true, data: answer });
    const [url, init] = f.mock.calls[0]!;
    expect(url).toBe('/scale/ui%20proxy');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"replicas":5}');
    expect((init?.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('scaleService returns the detail of a refusal (an autoscaler owns the service)', async () => {
    const detail = 'ui-proxy: its replicas are set by HorizontalPodAutoscaler ui-proxy';
    mockFetch(() => json(409, { detail }));
    expect(await scaleService('ui-proxy', 5)).toEqual({ ok: false, status: 409, detail });
  });

  it('undoRollout posts without a body to /rollout/{service}/undo', async () => {
    const f = mockFetch(() => json(200, { service: 'ui-proxy', rollout: {} }));
    await undoRollout('ui-proxy');
    const [url, init] = f.mock.calls[0]!;
    expect(url).toBe('/rollout/ui-proxy/undo');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBeUndefined();
  });
});
