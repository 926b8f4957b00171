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

  it('renders unknown kinds generically', () => {
    render(<EventLog events={[makeEvent(9, 10, 'chaos_monkey')]} />);
    const item = within(screen.getByTestId('event-log')).getByRole('listitem');
    expect(item.textContent).toContain('chaos monkey');
    expect(item.textContent).toContain('•');
  });

  it('says when there are no events', () => {
    render(<EventLog events={[]} />);
    expect(screen.getByText('No events yet.')).toBeTruthy();
  });
});
