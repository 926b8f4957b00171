// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/components/EventLog';
import { mergeEvents } from '../../src/lib/events';
import { makeEvent } from '../fixtures';

describe('EventLog', () => {
  it('lists events newest first with their kind in words', () => {
    const events = mergeEvents(
      [],
      [makeEvent(1, 100, 'fault'), makeEvent(3, 300, 'restart'), makeEvent(2, 200, 'pod_status')],
    );
    render(<EventLog events={events} />);
    const items = within(screen.getByTestId('event-log')).getAllByRole('listitem');
    expect(items.map((li) => li.dataset.id)).toEqual(['3', '2', '1']);
    expect(items[0]!.textContent).toContain('restart');
    expect(items[1]!.textContent).toContain('pod status');
    expect(items[2]!.textContent).toContain('fault on sensor-sim-pod-1');
  });

  it('renders the lab resumed event as its own kind', () => {
    const resumed = {
      ...makeEvent(7, 70, 'lab', 'lab'),
      reason: 'Resumed',
      message:
        'lab resumed: the server was down for 40.0 s, with no traffic; still in force: ' +
        'sensor-sim-pod-1 (kill true)',
    };
    render(<EventLog events={[resumed]} />);
    const item = within(screen.getByTestId('event-log')).getByRole('listitem');
    expect(item.dataset.kind).toBe('lab');
    expect(item.querySelector('.event-kind')!.textContent).toBe('⟲ lab');
    expect(item.querySelector('.event-kind')!.classList.contains('kind-lab')).toBe(true);
    expect(item.querySelector('.event-type')!.textContent).toBe('Normal Resumed');
    expect(item.querySelector('.event-message')!.textContent).toContain('still in force');
  });

  it('renders unknown kinds generically', () => {
    render(<EventLog events={[makeEvent(9, 10, 'chaos_monkey')]} />);
    const item = within(screen.getByTestId('event-log')).getByRole('listitem');
    expect(item.textContent).toContain('chaos monkey');
    expect(item.textContent).toContain('•');
  });

  it('shows the Kubernetes type and reason, a Warning styled as a warning', () => {
    const backOff = {
      ...makeEvent(5, 50, 'container', 'ui-proxy-pod-2'),
      reason: 'BackOff',
      type: 'Warning' as const,
      message: 'Back-off restarting failed container ui-proxy in pod ui-proxy-pod-2',
    };
    const started = { ...makeEvent(4, 40, 'container'), reason: 'Started' };
    render(<EventLog events={[backOff, started]} />);
    const [warning, normal] = within(screen.getByTestId('event-log')).getAllByRole('listitem');
    expect(warning!.dataset.type).toBe('Warning');
    const type = warning!.querySelector('.event-type')!;
    expect(type.textContent).toBe('Warning BackOff');
    expect(type.classList.contains('event-warning')).toBe(true);
    expect(normal!.dataset.type).toBe('Normal');
    expect(normal!.querySelector('.event-type')!.textContent).toBe('Normal Started');
    expect(normal!.querySelector('.event-warning')).toBeNull();
  });

  it('says when there are no events', () => {
    render(<EventLog events={[]} />);
    expect(screen.getByText('No events yet.')).toBeTruthy();
  });
});
