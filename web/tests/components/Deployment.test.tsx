// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Service } from '../../src/api/types';
import type { ServiceActions } from '../../src/components/actions';
import { Deployment } from '../../src/components/Deployment';
import { healthyServices } from '../fixtures';

const service = (changes: Partial<Service> = {}): Service => ({
  ...healthyServices().find((s) => s.name === 'ui-proxy')!,
  ...changes,
});

function actions(overrides: Partial<ServiceActions> = {}): ServiceActions {
  return {
    scaleService: vi.fn(async (name: string, replicas: number) => ({
      ok: true as const,
      data: { service: name, replicas, previous: 3, changed: replicas !== 3 },
    })),
    undoRollout: vi.fn(async (name: string) => ({
      ok: true as const,
      data: { service: name, rollout: { ...service().rollout, version: 'v1', revision: 3 } },
    })),
    ...overrides,
  };
}

const AUTOSCALER = {
  min_replicas: 2,
  max_replicas: 6,
  target_utilization: 0.8,
  current_replicas: 3,
  desired_replicas: 3,
  current_utilization: 0.42,
  last_scale_at: null,
};

const input = () => screen.getByLabelText('Replicas for ui-proxy') as HTMLInputElement;
const scaleButton = () => screen.getByRole('button', { name: 'Scale ui-proxy' });

describe('Deployment', () => {
  it('shows the replicas as kubectl does, and the version', () => {
    render(<Deployment service={service()} actions={actions()} />);
    expect(screen.getByTestId('deployment-replicas-ui-proxy').textContent).toBe(
      '3/3 ready, 3 up-to-date, 3 available',
    );
    expect(screen.getByTestId('deployment-version-ui-proxy').textContent).toBe('v1');
    expect(input().value).toBe('3');
    expect(screen.queryByTestId('autoscaler-ui-proxy')).toBeNull();
  });

  it('scales: sends the number typed and says what changed', async () => {
    const user = userEvent.setup();
    const a = actions();
    render(<Deployment service={service()} actions={a} />);
    await user.clear(input());
    await user.type(input(), '5');
    await user.click(scaleButton());
    expect(a.scaleService).toHaveBeenCalledWith('ui-proxy', 5);
    expect((await screen.findByTestId('scale-ui-proxy-note')).textContent).toBe(
      'scaled from 3 to 5',
    );
    // Back to following the server's desired count.
    expect(input().value).toBe('3');
  });

  it('refuses a count out of range before sending, until the input is edited', async () => {
    const user = userEvent.setup();
    const a = actions();
    render(<Deployment service={service()} actions={a} />);
    await user.clear(input());
    await user.type(input(), '1001');
    await user.click(scaleButton());
    expect(a.scaleService).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe(
      'replicas: must be an integer from 0 to 1000, got 1001',
    );
    expect(input().getAttribute('aria-invalid')).toBe('true');
    await user.type(input(), '{backspace}');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("shows the server's detail when it refuses", async () => {
    const user = userEvent.setup();
    const detail = 'ui-proxy: replicas are set by HorizontalPodAutoscaler ui-proxy';
    const a = actions({
      scaleService: vi.fn(async () => ({ ok: false as const, status: 409, detail })),
    });
    render(<Deployment service={service()} actions={a} />);
    await user.click(scaleButton());
    expect(a.scaleService).toHaveBeenCalledWith('ui-proxy', 3);
    expect((await screen.findByRole('alert')).textContent).toBe(detail);
  });

  it('is off while an autoscaler owns the count, saying which and why', () => {
    render(<Deployment service={service({ autoscaler: AUTOSCALER })} actions={actions()} />);
    expect((scaleButton() as HTMLButtonElement).disabled).toBe(true);
    expect(input().disabled).toBe(true);
    expect(
      screen.getByText(/HorizontalPodAutoscaler ui-proxy owns the replica count/),
    ).toBeTruthy();
    expect(screen.getByTestId('autoscaler-ui-proxy').textContent).toBe(
      'Autoscaler: 2–6 replicas, target 80 %, now 42 %',
    );
  });

  it('shows the rollout, with Undo only when there is a previous version', async () => {
    const user = userEvent.setup();
    const a = actions();
    const { rerender } = render(<Deployment service={service()} actions={a} />);
    const status = screen.getByTestId('rollout-ui-proxy');
    expect(status.dataset.status).toBe('complete');
    expect(status.textContent).toBe('v1 rolled out (revision 1)');
    expect(screen.queryByRole('button', { name: 'Undo the rollout of ui-proxy' })).toBeNull();

    const rollout = {
      ...service().rollout,
      revision: 2,
      status: 'progressing' as const,
      reason: 'ReplicaSetUpdated',
      version: 'v2',
      previous_version: 'v1',
      updated_replicas: 1,
    };
    rerender(<Deployment service={service({ rollout })} actions={a} />);
    expect(screen.getByTestId('rollout-ui-proxy').textContent).toBe('rolling out v2: 1/3 updated');
    const undo = screen.getByRole('button', { name: 'Undo the rollout of ui-proxy' });
    expect(undo.textContent).toBe('Undo to v1');
    await user.click(undo);
    expect(a.undoRollout).toHaveBeenCalledWith('ui-proxy');
    expect((await screen.findByTestId('rollout-note-ui-proxy')).textContent).toBe(
      'rolling back to v1',
    );
  });

  it('shows a failed rollout with its message', () => {
    const rollout = {
      ...service().rollout,
      status: 'failed' as const,
      version: 'v2',
      previous_version: 'v1',
      message: 'ReplicaSet "ui-proxy-v2" has timed out progressing.',
    };
    render(<Deployment service={service({ rollout })} actions={actions()} />);
    const status = screen.getByTestId('rollout-ui-proxy');
    expect(status.dataset.status).toBe('failed');
    expect(status.textContent).toBe(
      'rollout of v2 failed: ReplicaSet "ui-proxy-v2" has timed out progressing.',
    );
  });

  it('shows a real service as proxied, with no Deployment to scale or roll back', () => {
    render(<Deployment service={service({ listen: '127.0.0.1:9000' })} actions={actions()} />);
    expect(screen.getByTestId('deployment-ui-proxy').textContent).toBe('Proxied on 127.0.0.1:9000');
    expect(screen.queryByRole('button', { name: 'Scale ui-proxy' })).toBeNull();
  });
});
