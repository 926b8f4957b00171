// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Pod } from '../../src/api/types';
import type { PodActions } from '../../src/components/actions';
import { PodRow } from '../../src/components/PodRow';
import { faultyPods, healthyPods } from '../fixtures';

function actions(overrides: Partial<PodActions> = {}): PodActions {
  return {
    postFault: vi.fn(async () => ({
      ok: true as const,
      data: { message: 'ok', pod: healthyPods()[0]! },
    })),
    restartPod: vi.fn(async () => ({
      ok: true as const,
      data: { message: 'ok', pod: healthyPods()[0]! },
    })),
    ...overrides,
  };
}

const renderRow = (pod: Pod, a: PodActions) =>
  render(
    <ul>
      <PodRow pod={pod} actions={a} />
    </ul>,
  );

const podById = (pods: Pod[], id: string) => pods.find((p) => p.id === id)!;

describe('PodRow', () => {
  it('shows status, latency and restarts with stable hooks', () => {
    const pod = { ...podById(healthyPods(), 'sensor-sim-pod-1'), latency_ms: 48.308 };
    renderRow(pod, actions());
    const status = screen.getByTestId('pod-status-sensor-sim-pod-1');
    expect(status.dataset.status).toBe('Healthy');
    expect(status.textContent).toContain('✓');
    expect(screen.getByTestId('pod-latency-sensor-sim-pod-1').textContent).toBe('48.3 ms');
    expect(screen.getByTestId('pod-restarts-sensor-sim-pod-1').textContent).toBe('0');
    expect(screen.getByTestId('pod-row-sensor-sim-pod-1').textContent).toContain('no faults');
  });

  it('shows the active faults as badges', () => {
    const pods = faultyPods();
    renderRow(podById(pods, 'planner-sim-pod-2'), actions());
    const badges = screen.getByRole('list', { name: 'Active faults' });
    expect(within(badges).getByText(/delay 1 s/)).toBeTruthy();
    expect(screen.getByTestId('pod-latency-planner-sim-pod-2').textContent).toBe('1.09 s');
  });

  it('shows killed and no-data latency for a killed pod', () => {
    renderRow(podById(faultyPods(), 'ui-proxy-pod-3'), actions());
    expect(screen.getByText(/killed/)).toBeTruthy();
    expect(screen.getByTestId('pod-status-ui-proxy-pod-3').dataset.status).toBe('Down');
    expect(screen.getByTestId('pod-latency-ui-proxy-pod-3').textContent).toBe('—');
  });

  it('shows jitter beside the delay and when a timed fault ends', () => {
    const ends = Date.UTC(2026, 10, 27, 14, 5, 9) / 1000; // tests run with TZ=UTC
    const pod = {
      ...podById(healthyPods(), 'planner-sim-pod-2'),
      delay_ms: 150,
      jitter_ms: 100,
      fault_ends_at: ends,
    };
    renderRow(pod, actions());
    const badges = screen.getByRole('list', { name: 'Active faults' });
    expect(within(badges).getByText(/delay 150 ms ± 100 ms/)).toBeTruthy();
    expect(within(badges).getByText(/until 14:05:09/)).toBeTruthy();
  });

  it('shows an error-rate badge', () => {
    renderRow(podById(faultyPods(), 'sensor-sim-pod-1'), actions());
    expect(screen.getByText(/errors 100 %/)).toBeTruthy();
  });

  it('calls restart with the pod id', async () => {
    const user = userEvent.setup();
    const a = actions();
    renderRow(podById(healthyPods(), 'sensor-sim-pod-2'), a);
    await user.click(screen.getByRole('button', { name: 'Restart sensor-sim-pod-2' }));
    expect(a.restartPod).toHaveBeenCalledWith('sensor-sim-pod-2');
  });

  it('shows the server detail when a restart is refused', async () => {
    const user = userEvent.setup();
    const a = actions({
      restartPod: vi.fn(async () => ({ ok: false as const, status: 404, detail: 'Pod not found' })),
    });
    renderRow(podById(healthyPods(), 'sensor-sim-pod-2'), a);
    await user.click(screen.getByRole('button', { name: 'Restart sensor-sim-pod-2' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Pod not found');
  });

  it('reveals the fault form through a keyboard-reachable disclosure', async () => {
    const user = userEvent.setup();
    renderRow(podById(healthyPods(), 'sensor-sim-pod-1'), actions());
    const details = screen.getByTestId('pod-row-sensor-sim-pod-1').querySelector('details')!;
    expect(details.open).toBe(false);
    await user.click(screen.getByText('Faults', { exact: false, selector: 'summary' }));
    expect(details.open).toBe(true);
    expect(screen.getByLabelText('Delay (ms) for sensor-sim-pod-1')).toBeTruthy();
  });
});
