// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
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
      data: { message: 'ok', changed: true, pod: healthyPods()[0]!, timestamp: 1764170000 },
    })),
    restartPod: vi.fn(async () => ({
      ok: true as const,
      data: { message: 'ok', pod: healthyPods()[0]!, timestamp: 1764170000 },
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

/** Opens a row's Faults disclosure: a click on its summary (a key press clicks it too). */
const openFaults = (id: string) =>
  fireEvent.click(within(screen.getByTestId(`pod-row-${id}`)).getByText(/^Faults/));

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

  it('mounts the fault form when its disclosure is first opened, and keeps it and its values', async () => {
    const user = userEvent.setup();
    const id = 'sensor-sim-pod-1';
    renderRow(podById(healthyPods(), id), actions());
    const summary = screen.getByText('Faults', { exact: false, selector: 'summary' });
    const details = summary.parentElement as HTMLDetailsElement;
    // Closed: the summary only, no form and no field (half a row's DOM nodes).
    expect(screen.queryByTestId(`fault-form-${id}`)).toBeNull();
    expect(screen.queryByLabelText(`Delay (ms) for ${id}`)).toBeNull();
    expect(details.childElementCount).toBe(1);

    // The click mounts it as the section opens, before the toggle event (a frame later in a
    // browser): the section never shows open and empty.
    fireEvent.click(summary);
    expect(details.open).toBe(true);
    const delay = screen.getByLabelText(`Delay (ms) for ${id}`) as HTMLInputElement;
    expect(screen.getByTestId(`fault-form-${id}`)).toBeTruthy();
    await user.clear(delay);
    await user.type(delay, '250');

    // Closed again (and its toggle event past), the form stays mounted with what was typed;
    // reopened, it is all there.
    await user.click(summary);
    expect(details.open).toBe(false);
    await act(() => new Promise((done) => setTimeout(done, 0)));
    expect(screen.getByTestId(`fault-form-${id}`)).toBeTruthy();
    await user.click(summary);
    expect(details.open).toBe(true);
    expect((screen.getByLabelText(`Delay (ms) for ${id}`) as HTMLInputElement).value).toBe('250');
  });

  it('shows the pod as kubectl does: STATUS, READY, RESTARTS with how long ago, AGE, version', () => {
    const pod = {
      ...podById(healthyPods(), 'sensor-sim-pod-1'),
      restarts: 2,
      created_at: 1000,
      age_seconds: 11_040, // 3h4m
      last_restart_at: 1000 + 11_040 - 17,
      version: 'v2',
    };
    renderRow(pod, actions());
    const id = 'sensor-sim-pod-1';
    const status = screen.getByTestId(`pod-kubectl-status-${id}`);
    expect(status.textContent).toBe('Running');
    expect(status.className).toContain('kubectl-ok');
    expect(screen.getByTestId(`pod-ready-${id}`).textContent).toBe('1/1');
    expect(screen.getByTestId(`pod-restarts-${id}`).textContent).toBe('2 (17s ago)');
    expect(screen.getByTestId(`pod-restarts-${id}`).dataset.value).toBe('2');
    expect(screen.getByTestId(`pod-age-${id}`).textContent).toBe('3h4m');
    expect(screen.getByTestId(`pod-version-${id}`).textContent).toBe('v2');
    // No concurrency limit: no workers figure.
    expect(screen.queryByTestId(`pod-workers-${id}`)).toBeNull();
    expect(screen.queryByTestId(`pod-backoff-${id}`)).toBeNull();
  });

  it('shows the workers when a limit is set, and Terminating while deleted', () => {
    const pod = {
      ...podById(healthyPods(), 'sensor-sim-pod-1'),
      concurrency: 4,
      busy_workers: 3,
      queued: 2,
      utilization: 0.75,
      terminating: true,
      ready: false,
    };
    renderRow(pod, actions());
    expect(screen.getByTestId('pod-workers-sensor-sim-pod-1').textContent).toBe(
      '75 % busy (3/4), 2 queued',
    );
    expect(screen.getByTestId('pod-kubectl-status-sensor-sim-pod-1').textContent).toBe(
      'Terminating',
    );
    expect(screen.getByTestId('pod-ready-sensor-sim-pod-1').textContent).toBe('0/1');
  });

  it('counts the back-off down every second on its own, then drops it', async () => {
    vi.useFakeTimers();
    try {
      const pod = {
        ...podById(faultyPods(), 'ui-proxy-pod-3'),
        kubectl_status: 'CrashLoopBackOff',
        container_reason: 'CrashLoopBackOff',
        container_state: 'waiting' as const,
        ready: false,
        restarts: 4,
        created_at: 1000,
        age_seconds: 600,
        last_restart_at: 1590,
        back_off_until: 1617, // 17 s after the snapshot
        crash_loop: true,
      };
      renderRow(pod, actions());
      const id = 'ui-proxy-pod-3';
      expect(screen.getByTestId(`pod-kubectl-status-${id}`).className).toContain('kubectl-bad');
      const backOff = () => screen.queryByTestId(`pod-backoff-${id}`)?.textContent ?? null;
      expect(backOff()).toBe('back-off: restarts in 17 s');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      expect(backOff()).toBe('back-off: restarts in 16 s');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(16_000);
      });
      expect(backOff()).toBeNull();
      // The crash loop shows as set in the fault form, as the server echoes it.
      openFaults(id);
      expect((screen.getByLabelText(`Crash loop ${id}`) as HTMLInputElement).checked).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
