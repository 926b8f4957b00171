// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getLab, postFault, restartPod, setFetch, setTokenPrompt, type Fetch } from '../../src/api';
import { makeLab } from '../fixtures';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const TOKEN = 'a-token-of-sixteen-chars';

/** A server that needs TOKEN for changes, as `serve --token` does. */
function serverWithToken() {
  return vi.fn<Fetch>(async (path, init) => {
    if ((init?.method ?? 'GET') === 'GET') return json(200, makeLab());
    const auth = new Headers(init?.headers).get('authorization');
    if (auth === `Bearer ${TOKEN}`) return json(200, { message: `done: ${String(path)}` });
    return json(
      401,
      { detail: 'this server needs a token' },
      {
        'www-authenticate': auth
          ? 'Bearer realm="healthboard", error="invalid_token"'
          : 'Bearer realm="healthboard"',
      },
    );
  });
}

const authOf = (f: ReturnType<typeof serverWithToken>, call: number) =>
  new Headers(f.mock.calls[call]?.[1]?.headers).get('authorization');

const originalFetch = setFetch(globalThis.fetch);
let originalPrompt: ReturnType<typeof setTokenPrompt>;
beforeEach(() => {
  sessionStorage.clear();
  originalPrompt = setTokenPrompt(() => null);
});
afterEach(() => {
  setFetch(originalFetch);
  setTokenPrompt(originalPrompt);
});

describe('the token for changes', () => {
  it('is asked for once, on the first refused change, and sent with every change after', async () => {
    const f = serverWithToken();
    setFetch(f);
    const ask = vi.fn(() => TOKEN);
    setTokenPrompt(ask);

    expect((await postFault('sensor-sim-pod-1', { delay_ms: 100 })).ok).toBe(true);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask).toHaveBeenCalledWith(false);
    expect(authOf(f, 0)).toBeNull(); // the first try had none
    expect(authOf(f, 1)).toBe(`Bearer ${TOKEN}`);

    expect((await restartPod('sensor-sim-pod-1')).ok).toBe(true);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(authOf(f, 2)).toBe(`Bearer ${TOKEN}`);
  });

  it('is asked for again when the server says the one sent is wrong', async () => {
    const f = serverWithToken();
    setFetch(f);
    sessionStorage.setItem('healthboard.token', 'an-old-token-000000');
    const ask = vi.fn(() => TOKEN);
    setTokenPrompt(ask);

    expect((await restartPod('sensor-sim-pod-2')).ok).toBe(true);
    expect(ask).toHaveBeenCalledWith(true);
    expect(authOf(f, 0)).toBe('Bearer an-old-token-000000');
    expect(authOf(f, 1)).toBe(`Bearer ${TOKEN}`);
  });

  it('refused without one, the change answers the server detail and nothing is kept', async () => {
    setFetch(serverWithToken());
    const result = await postFault('sensor-sim-pod-1', { kill: true });
    expect(result).toEqual({ ok: false, status: 401, detail: 'this server needs a token' });
    expect(sessionStorage.getItem('healthboard.token')).toBeNull();
  });

  it('is never sent with a read, nor asked for by one', async () => {
    const f = serverWithToken();
    setFetch(f);
    sessionStorage.setItem('healthboard.token', TOKEN);
    const ask = vi.fn(() => TOKEN);
    setTokenPrompt(ask);
    expect((await getLab()).ok).toBe(true);
    expect(authOf(f, 0)).toBeNull();
    expect(ask).not.toHaveBeenCalled();
  });
});
