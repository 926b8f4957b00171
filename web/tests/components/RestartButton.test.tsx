// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, PodActionResult } from '../../src/api/types';
import {
  RESTART_HOLD_MS,
  RESTART_WAIT_MS,
  RestartButton,
} from '../../src/components/RestartButton';
import { MESSAGE_MS } from '../../src/components/useExpiring';
import { healthyPods } from '../fixtures';

const ID = 'ui-proxy-pod-1';

const restarted = (restarts: number): ApiResult<PodActionResult> => ({
  ok: true,
  data: {
    message: `Restarted ${ID}`,
    pod: { ...healthyPods()[0]!, id: ID, restarts },
    timestamp: 1764170000,
  },
});

const button = () => screen.getByRole('button', { name: `Restart ${ID}` }) as HTMLButtonElement;

afterEach(() => {
  vi.useRealTimers();
});

describe('RestartButton', () => {
  it('three quick clicks restart once: disabled until the page shows the restart', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    let count = 0;
    const restartPod = vi.fn(async () => restarted(++count));
    const { rerender } = render(<RestartButton podId={ID} restarts={0} restartPod={restartPod} />);
    await user.click(button());
    await user.click(button());
    await user.click(button());
    expect(restartPod).toHaveBeenCalledTimes(1);
    expect(button().disabled).toBe(true);
    expect(button().textContent).toBe('Restarting…');
    // A second later the page still shows no restart: still disabled.
    act(() => vi.advanceTimersByTime(RESTART_HOLD_MS));
    expect(button().disabled).toBe(true);
    // The next snapshot shows the restart: the button is offered again.
    rerender(<RestartButton podId={ID} restarts={1} restartPod={restartPod} />);
    await act(async () => {});
    expect(button().disabled).toBe(false);
    await user.click(button());
    expect(restartPod).toHaveBeenCalledTimes(2);
  });

  it('stays disabled for a moment even when the page shows the restart at once', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    const restartPod = vi.fn(async () => restarted(1));
    const { rerender } = render(<RestartButton podId={ID} restarts={0} restartPod={restartPod} />);
    await user.click(button());
    rerender(<RestartButton podId={ID} restarts={1} restartPod={restartPod} />);
    await user.click(button());
    expect(restartPod).toHaveBeenCalledTimes(1);
    expect(button().disabled).toBe(true);
    act(() => vi.advanceTimersByTime(RESTART_HOLD_MS));
    expect(button().disabled).toBe(false);
  });

  it('two clicks in the same tick still send one request', async () => {
    let resolve: (r: ApiResult<PodActionResult>) => void = () => {};
    const restartPod = vi.fn(() => new Promise<ApiResult<PodActionResult>>((r) => (resolve = r)));
    render(<RestartButton podId={ID} restarts={0} restartPod={restartPod} />);
    act(() => {
      button().click();
      button().click();
    });
    expect(restartPod).toHaveBeenCalledTimes(1);
    await act(async () => resolve(restarted(1)));
  });

  it('is offered again after a while when the page never shows the restart', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    render(<RestartButton podId={ID} restarts={0} restartPod={vi.fn(async () => restarted(1))} />);
    await user.click(button());
    expect(button().disabled).toBe(true);
    await act(async () => {}); // the wait starts once the answer is in
    act(() => vi.advanceTimersByTime(RESTART_WAIT_MS - 100));
    expect(button().disabled).toBe(true);
    act(() => vi.advanceTimersByTime(200));
    expect(button().disabled).toBe(false);
  });

  it('a network error expires', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    const restartPod = vi.fn(async () => ({
      ok: false as const,
      status: 0,
      detail: 'network error: the server could not be reached',
    }));
    render(<RestartButton podId={ID} restarts={0} restartPod={restartPod} />);
    await user.click(button());
    expect((await screen.findByTestId(`restart-error-${ID}`)).textContent).toMatch(/network error/);
    expect(button().disabled).toBe(false);
    act(() => vi.advanceTimersByTime(MESSAGE_MS + 10));
    expect(screen.queryByTestId(`restart-error-${ID}`)).toBeNull();
  });
});
