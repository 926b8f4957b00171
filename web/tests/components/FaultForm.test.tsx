// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ApiResult, PodActionResult } from '../../src/api/types';
import { FaultForm } from '../../src/components/FaultForm';
import { healthyPods } from '../fixtures';

const ID = 'sensor-sim-pod-1';
const okResult = (): ApiResult<PodActionResult> => ({
  ok: true,
  data: { message: `Fault applied to ${ID}`, pod: healthyPods()[0]! },
});

function renderForm(postFault = vi.fn(async () => okResult())) {
  const view = render(
    <FaultForm podId={ID} delayMs={0} errorRate={0} killed={false} postFault={postFault} />,
  );
  return { postFault, ...view };
}

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
    expect(postFault).toHaveBeenCalledWith(ID, { delay_ms: 1000, error_rate: 0, kill: true });
    expect((await screen.findByRole('status')).textContent).toBe(`Fault applied to ${ID}`);
    expect(screen.queryByTestId(`fault-error-${ID}`)).toBeNull();
  });

  it("shows the server's detail when the API refuses", async () => {
    const user = userEvent.setup();
    const detail = 'error_rate: must be a number from 0 to 1, got 0.5 (server says no)';
    const { postFault } = renderForm(
      vi.fn(async (): Promise<ApiResult<PodActionResult>> => ({
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
      <FaultForm podId={ID} delayMs={0} errorRate={0} killed={false} postFault={postFault} />,
    );
    rerender(
      <FaultForm podId={ID} delayMs={250} errorRate={0} killed={false} postFault={postFault} />,
    );
    expect((screen.getByLabelText(`Delay (ms) for ${ID}`) as HTMLInputElement).value).toBe('250');
  });
});
