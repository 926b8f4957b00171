// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { initialLabState, type LabState } from '../../src/live/labStore';
import { LiveStore } from '../../src/live/liveStore';
import { StoreContext, useLiveFigure } from '../../src/live/useSlice';
import { makeLab } from '../fixtures';

const withRate = (rate: number | null): LabState => {
  const lab = makeLab();
  return {
    ...initialLabState,
    lab: { ...lab, services: [{ ...lab.services[0]!, request_rate: rate }] },
  };
};
const rateOf = (s: LabState) => s.lab?.services[0]?.request_rate;
const show = (rate: number | null) => (rate === null ? '—' : `${rate} req/s`);
const writeValue = (el: HTMLElement, rate: number | null) => {
  el.dataset.value = String(rate ?? '');
};

let renders = 0;
function Rate({ fallback = 1 }: { fallback?: number }) {
  renders += 1;
  const [value, ref] = useLiveFigure(rateOf, fallback, show, writeValue);
  return (
    <span ref={ref} data-testid="rate" data-value={value ?? ''}>
      {show(value)}
    </span>
  );
}

describe('useLiveFigure', () => {
  it('writes a new value into its element without rendering again', () => {
    renders = 0;
    const store = new LiveStore(withRate(10));
    render(
      <StoreContext.Provider value={store}>
        <Rate />
      </StoreContext.Provider>,
    );
    const box = screen.getByTestId('rate');
    const text = box.firstChild;
    expect(box.textContent).toBe('10 req/s');
    act(() => store.set(withRate(12.5)));
    expect(box.textContent).toBe('12.5 req/s');
    expect(box.dataset.value).toBe('12.5');
    // The same text node, written in place, as React writes a changed text.
    expect(box.firstChild).toBe(text);
    act(() => store.set(withRate(null)));
    expect(box.textContent).toBe('—');
    expect(box.dataset.value).toBe('');
    expect(renders).toBe(1);
  });

  it('shows its fallback without a store, or while the store has no value', () => {
    render(<Rate fallback={3} />);
    expect(screen.getByTestId('rate').textContent).toBe('3 req/s');
  });
});
