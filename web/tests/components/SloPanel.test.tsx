// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Slo } from '../../src/api/types';
import { SloPanel } from '../../src/components/SloPanel';
import { burningSlo, healthySlo } from '../fixtures';

/** The panel with the SLO picked kept, as the page keeps it. */
function Panel({ slo }: { slo: Slo }) {
  const [selected, select] = useState('lab');
  return <SloPanel slo={slo} selected={selected} onSelect={select} />;
}

describe('SloPanel', () => {
  it('shows targets, measured values and a normal 5m indicator with text and icon', () => {
    render(<Panel slo={healthySlo()} />);
    const panel = screen.getByTestId('slo-panel');
    expect(panel.textContent).toContain('99.5 %');
    expect(panel.textContent).toContain('95 % within 200 ms');
    const burn = screen.getByTestId('burn-indicator');
    expect(burn.dataset.level).toBe('normal');
    expect(burn.textContent).toContain('✓');
    expect(burn.textContent).toContain('normal');
    expect(panel.textContent).toContain('No alerts firing');
  });

  it('lists the burn rate windows in the order of the burn_rate keys', () => {
    render(<Panel slo={healthySlo()} />);
    const availability = screen.getByRole('heading', { name: 'Availability' }).parentElement!;
    const windows = within(availability)
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.burn-window')?.textContent);
    expect(windows).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
  });

  it('shows "no data" for null budget and burn rates, never 0', () => {
    const slo = healthySlo();
    slo.burn_rate_5m = null;
    slo.indicator = null;
    const lab = slo.slos[0]!;
    lab.availability.budget_remaining = null;
    lab.availability.burn_rate['2h'] = null;
    render(<Panel slo={slo} />);
    expect(screen.getByTestId('burn-indicator').dataset.level).toBe('none');
    expect(screen.getByTestId('burn-indicator').textContent).toContain('no data');
    const availability = screen.getByRole('heading', { name: 'Availability' }).parentElement!;
    expect(availability.querySelector('.budget')?.textContent).toBe('no data');
    const twoHours = within(availability).getByText('2h').parentElement!;
    expect(twoHours.textContent).toContain('no data');
    expect(twoHours.textContent).not.toContain('0×');
  });

  it('shows a high burn with ‼ and the alerts firing with burn rates vs threshold', () => {
    render(<Panel slo={burningSlo()} />);
    const burn = screen.getByTestId('burn-indicator');
    expect(burn.dataset.level).toBe('high');
    expect(burn.textContent).toContain('‼');
    expect(burn.textContent).toContain('16.7×');
    const alerts = screen.getByTestId('alerts-firing');
    expect(within(alerts).getAllByRole('listitem')).toHaveLength(12);
    expect(alerts.textContent).toContain('page-slow');
    expect(alerts.textContent).toContain('vs threshold 6×');
  });

  it('does not rewrite the SLO picker when a snapshot brings SLOs of the same names', () => {
    const { rerender } = render(<Panel slo={healthySlo()} />);
    const select = screen.getByLabelText('SLO') as HTMLSelectElement;
    const selected = Object.getOwnPropertyDescriptor(HTMLOptionElement.prototype, 'selected')!;
    let writes = 0;
    Object.defineProperty(HTMLOptionElement.prototype, 'selected', {
      ...selected,
      set(value: boolean) {
        writes += 1;
        selected.set!.call(this, value);
      },
    });
    try {
      // Fresh objects, as every snapshot parsed from JSON brings.
      const next = healthySlo();
      next.slos[0]!.availability.sli = 0.9912;
      rerender(<Panel slo={next} />);
      expect(screen.getByTestId('slo-panel').textContent).toContain('99.12 %');
      expect(writes).toBe(0);
      expect(select.value).toBe('lab');
      expect([...select.options].map((o) => o.textContent)).toEqual(
        healthySlo().slos.map((s) => (s.name === 'lab' ? 'lab (all services)' : s.name)),
      );
    } finally {
      Object.defineProperty(HTMLOptionElement.prototype, 'selected', selected);
    }
  });

  it('switches to a service SLO with the selector', async () => {
    const user = userEvent.setup();
    render(<Panel slo={healthySlo()} />);
    await user.selectOptions(screen.getByLabelText('SLO'), 'planner-sim');
    expect(screen.getByTestId('slo-planner-sim')).toBeTruthy();
    // The header indicator stays the lab's.
    expect(screen.getByTestId('burn-indicator').dataset.level).toBe('normal');
  });

  it('shows the lab latency burn rate beside the availability one, each named', () => {
    const slo = burningSlo();
    slo.slos[0]!.latency.burn_rate['5m'] = 2.5;
    render(<Panel slo={slo} />);
    const line = screen.getByText(/Lab burn rate \(5m\)/);
    expect(line.textContent).toMatch(/availability.*16\.7×.*latency.*2\.5×/);
    const latency = screen.getByTestId('burn-indicator-latency');
    expect(latency.dataset.level).toBe('high');
    expect(latency.textContent).toContain('2.5×');
  });

  it('says how much data a window holds while it is not full, and beside the budget', () => {
    // The burning lab is 626 s old: the 5m window is full, the others hold 10 minutes.
    render(<Panel slo={burningSlo()} />);
    for (const name of ['Availability', 'Latency']) {
      const sli = screen.getByRole('heading', { name }).parentElement!;
      const windows = [...sli.querySelectorAll('.burn-window')].map((w) => w.textContent);
      expect(windows).toEqual([
        '5m',
        '30m, 10 min of data',
        '1h, 10 min of data',
        '2h, 10 min of data',
        '6h, 10 min of data',
        '1d, 10 min of data',
        '3d, 10 min of data',
        '30d, 10 min of data',
      ]);
      expect(sli.querySelector('.budget-data')?.textContent).toBe(' 30d, 10 min of data');
    }
  });

  it('eleven seconds after start every window and the budget say 11 s of data', () => {
    const slo = burningSlo();
    for (const entry of slo.slos) {
      for (const sli of [entry.availability, entry.latency]) {
        for (const w of Object.keys(sli.data_seconds)) sli.data_seconds[w] = 11;
      }
    }
    render(<Panel slo={slo} />);
    const availability = screen.getByRole('heading', { name: 'Availability' }).parentElement!;
    expect(within(availability).getByText('5m').textContent).toBe('5m, 11 s of data');
    expect(within(availability).getByText('30d').textContent).toBe('30d, 11 s of data');
    const budget = availability.querySelector('dd .budget')!.parentElement!;
    expect(budget.textContent).toMatch(/exhausted.* 30d, 11 s of data$/);
  });

  it('says nothing more of full windows', () => {
    render(<Panel slo={healthySlo()} />);
    const panel = screen.getByTestId('slo-panel');
    expect(panel.textContent).not.toContain('of data');
    expect(panel.querySelector('.budget-data')).toBeNull();
  });
});
