// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, FaultResult } from '../../src/api/types';
import { FaultForm, NOTHING_CHANGED } from '../../src/components/FaultForm';
import { MESSAGE_MS } from '../../src/components/useExpiring';
import { healthyPods } from '../fixtures';

const ID = 'sensor-sim-pod-1';
const okResult = (): ApiResult<FaultResult> => ({
  ok: true,
  data: {
    message: `Fault applied to ${ID}`,
    changed: true,
    pod: healthyPods()[0]!,
    timestamp: 1764170000,
  },
});

type Current = {
  delayMs?: number;
  jitterMs?: number;
  errorRate?: number;
  killed?: boolean;
  crashLoop?: boolean;
};

function renderForm(postFault = vi.fn(async () => okResult()), current: Current = {}) {
  const view = render(
    <FaultForm
      podId={ID}
      delayMs={current.delayMs ?? 0}
      jitterMs={current.jitterMs ?? 0}
      errorRate={current.errorRate ?? 0}
      killed={current.killed ?? false}
      crashLoop={current.crashLoop ?? false}
      postFault={postFault}
    />,
  );
  return { postFault, ...view };
}

const apply = () => screen.getByRole('button', { name: `Apply faults to ${ID}` });
const kill = () => screen.getByLabelText(`Kill ${ID}`);
const field = (label: string) => screen.getByLabelText(`${label} for ${ID}`) as HTMLInputElement;

afterEach(() => {
  vi.useRealTimers();
});

describe('FaultForm', () => {
  it('has labelled inputs and an Apply button named for the pod', () => {
    renderForm();
    expect(screen.getByTestId(`fault-form-${ID}`)).toBeTruthy();
    expect((screen.getByLabelText(`Delay (ms) for ${ID}`) as HTMLInputElement).value).toBe('0');
    expect(screen.getByLabelText(`Error rate (0–1) for ${ID}`)).toBeTruthy();
    expect(screen.getByLabelText(`Kill ${ID}`)).toBeTruthy();
    expect(screen.getByRole('button', { name: `Apply faults to ${ID}` })).toBeTruthy();
  });

  it('refuses 700000 without calling the API, with the server wording', async () => {
    const user = userEvent.setup();
    const { postFault } = renderForm();
    const delay = screen.getByLabelText(`Delay (ms) for ${ID}`);
    await user.clear(delay);
    await user.type(delay, '700000');
    await user.click(screen.getByRole('button', { name: `Apply faults to ${ID}` }));
    expect(postFault).not.toHaveBeenCalled();
    expect(screen.getByTestId(`fault-error-${ID}`).textContent).toBe(
      'delay_ms: must be an integer from 0 to 600000 (milliseconds), got 700000',
    );
    expect(delay.getAttribute('aria-invalid')).toBe('true');
  });

  it('sends valid values and shows the server message', async () => {
    const user = userEvent.setup();
    const { postFault } = renderForm();
    const delay = screen.getByLabelText(`Delay (ms) for ${ID}`);
    await user.clear(delay);
    await user.type(delay, '1000');
    await user.click(screen.getByLabelText(`Kill ${ID}`));
    await user.click(screen.getByRole('button', { name: `Apply faults to ${ID}` }));
    expect(postFault).toHaveBeenCalledWith(ID, { delay_ms: 1000, kill: true });
    expect((await screen.findByRole('status')).textContent).toBe(`Fault applied to ${ID}`);
    expect(screen.queryByTestId(`fault-error-${ID}`)).toBeNull();
  });

  it("shows the server's detail when the API refuses", async () => {
    const user = userEvent.setup();
    const detail = 'error_rate: must be a number from 0 to 1, got 0.5 (server says no)';
    const { postFault } = renderForm(
      vi.fn(async (): Promise<ApiResult<FaultResult>> => ({
        ok: false,
        status: 422,
        detail,
        field: 'error_rate',
      })),
    );
    const rate = screen.getByLabelText(`Error rate (0–1) for ${ID}`);
    await user.clear(rate);
    await user.type(rate, '0.5');
    await user.click(screen.getByRole('button', { name: `Apply faults to ${ID}` }));
    expect(postFault).toHaveBeenCalledTimes(1);
    expect((await screen.findByTestId(`fault-error-${ID}`)).textContent).toBe(detail);
    expect(rate.getAttribute('aria-invalid')).toBe('true');
  });

  it('follows the pod while untouched, keeps what the user typed', () => {
    const postFault = vi.fn(async () => okResult());
    const { rerender } = render(
      <FaultForm
        podId={ID}
        delayMs={0}
        jitterMs={0}
        errorRate={0}
        killed={false}
        crashLoop={false}
        postFault={postFault}
      />,
    );
    rerender(
      <FaultForm
        podId={ID}
        delayMs={250}
        jitterMs={30}
        errorRate={0}
        killed={false}
        crashLoop={false}
        postFault={postFault}
      />,
    );
    expect(field('Jitter (ms)').value).toBe('30');
    expect((screen.getByLabelText(`Delay (ms) for ${ID}`) as HTMLInputElement).value).toBe('250');
  });

  it('with a timed delay in force, changing only the error rate sends only the error rate', async () => {
    const user = userEvent.setup();
    const { postFault } = renderForm(undefined, { delayMs: 800 });
    expect(field('Delay (ms)').value).toBe('800');
    await user.clear(field('Error rate (0–1)'));
    await user.type(field('Error rate (0–1)'), '.5');
    await user.click(apply());
    expect(postFault).toHaveBeenCalledTimes(1);
    expect(postFault).toHaveBeenCalledWith(ID, { error_rate: 0.5 });
  });

  it('Apply with nothing changed sends nothing and says so', async () => {
    const user = userEvent.setup();
    const { postFault } = renderForm(undefined, { delayMs: 800, errorRate: 0.25 });
    await user.click(apply());
    expect(postFault).not.toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toBe(NOTHING_CHANGED);
    // Typed again with the same value: still nothing to send.
    await user.clear(field('Delay (ms)'));
    await user.type(field('Delay (ms)'), '800');
    await user.click(apply());
    expect(postFault).not.toHaveBeenCalled();
  });

  it('sets jitter and a duration', async () => {
    const user = userEvent.setup();
    const { postFault } = renderForm();
    await user.clear(field('Delay (ms)'));
    await user.type(field('Delay (ms)'), '800');
    await user.clear(field('Jitter (ms)'));
    await user.type(field('Jitter (ms)'), '100');
    expect(field('Duration (s)').placeholder).toBe('permanent');
    await user.type(field('Duration (s)'), '20');
    await user.click(apply());
    expect(postFault).toHaveBeenCalledWith(ID, { delay_ms: 800, jitter_ms: 100, duration_s: 20 });
    // After a success the form follows the pod again, the duration is empty.
    expect(field('Duration (s)').value).toBe('');
  });

  it('refuses a duration alone with the server wording', async () => {
    const user = userEvent.setup();
    const { postFault } = renderForm();
    await user.type(field('Duration (s)'), '20');
    await user.click(apply());
    expect(postFault).not.toHaveBeenCalled();
    expect(screen.getByTestId(`fault-error-${ID}`).textContent).toMatch(
      /^duration_s: bounds the faults set in the same request/,
    );
    expect(field('Duration (s)').getAttribute('aria-invalid')).toBe('true');
  });

  it('the applied message expires, and goes at once when the form is edited', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    renderForm();
    await user.click(kill());
    await user.click(apply());
    expect((await screen.findByRole('status')).textContent).toBe(`Fault applied to ${ID}`);
    act(() => vi.advanceTimersByTime(MESSAGE_MS - 100));
    expect(screen.queryByRole('status')).not.toBeNull();
    act(() => vi.advanceTimersByTime(200));
    expect(screen.queryByRole('status')).toBeNull();

    await user.click(kill());
    await user.click(apply());
    expect(await screen.findByRole('status')).toBeTruthy();
    await user.type(field('Error rate (0–1)'), '1');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('a network error expires; a refusal stays until the form is edited', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    const answers: ApiResult<FaultResult>[] = [
      { ok: false, status: 0, detail: 'network error: the server could not be reached' },
      { ok: false, status: 422, detail: 'kill: no', field: 'kill' },
    ];
    renderForm(vi.fn(async () => answers.shift()!));
    await user.click(kill());
    await user.click(apply());
    expect((await screen.findByTestId(`fault-error-${ID}`)).textContent).toMatch(/network error/);
    act(() => vi.advanceTimersByTime(MESSAGE_MS + 100));
    expect(screen.queryByTestId(`fault-error-${ID}`)).toBeNull();

    await user.click(apply());
    expect((await screen.findByTestId(`fault-error-${ID}`)).textContent).toBe('kill: no');
    act(() => vi.advanceTimersByTime(MESSAGE_MS * 3));
    expect(screen.queryByTestId(`fault-error-${ID}`)).not.toBeNull();
    await user.click(kill());
    expect(screen.queryByTestId(`fault-error-${ID}`)).toBeNull();
  });

  it('Crash container sends the one-shot crash alone, keeping what was typed', async () => {
    const user = userEvent.setup();
    const { postFault } = renderForm();
    await user.clear(screen.getByLabelText(`Delay (ms) for ${ID}`));
    await user.type(screen.getByLabelText(`Delay (ms) for ${ID}`), '250');
    await user.click(screen.getByRole('button', { name: `Crash the container of ${ID}` }));
    expect(postFault).toHaveBeenCalledWith(ID, { crash: true });
    expect((screen.getByLabelText(`Delay (ms) for ${ID}`) as HTMLInputElement).value).toBe('250');
    expect((await screen.findByRole('status')).textContent).toBe(`Fault applied to ${ID}`);
  });

  it('the crash loop is a checkbox sent when it changed, and cleared the same way', async () => {
    const user = userEvent.setup();
    const { postFault, unmount } = renderForm();
    await user.click(screen.getByLabelText(`Crash loop ${ID}`));
    await user.click(screen.getByRole('button', { name: `Apply faults to ${ID}` }));
    expect(postFault).toHaveBeenLastCalledWith(ID, { crash_loop: true });
    unmount();

    const again = renderForm(undefined, { crashLoop: true });
    const box = screen.getByLabelText(`Crash loop ${ID}`) as HTMLInputElement;
    expect(box.checked).toBe(true);
    await user.click(box);
    await user.click(screen.getByRole('button', { name: `Apply faults to ${ID}` }));
    expect(again.postFault).toHaveBeenLastCalledWith(ID, { crash_loop: false });
  });
});
