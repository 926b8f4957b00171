// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deferred } from '../../src/components/Deferred';
import { FakeObserver } from '../fakeIntersectionObserver';

describe('Deferred', () => {
  beforeEach(() => {
    FakeObserver.all = [];
    vi.stubGlobal('IntersectionObserver', FakeObserver);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the place of children far from the viewport, and mounts them near it', () => {
    const { container } = render(
      <Deferred estimate={190} className="slot">
        <p>card</p>
      </Deferred>,
    );
    const slot = container.querySelector('.slot') as HTMLElement;
    expect(screen.queryByText('card')).toBeNull();
    expect(slot.style.height).toBe('190px');
    expect(slot.dataset.deferred).toBe('');

    const observer = FakeObserver.all[0]!;
    expect(observer.observed).toEqual([slot]);
    observer.report(true);
    expect(screen.getByText('card')).toBeTruthy();
    expect(slot.style.height).toBe('');

    // Leaving, it keeps the height the children had (jsdom lays nothing out: 0).
    observer.report(false);
    expect(screen.queryByText('card')).toBeNull();
    expect(slot.style.height).toBe('0px');
  });

  it('shows its children at once without IntersectionObserver', () => {
    vi.unstubAllGlobals();
    const saved = globalThis.IntersectionObserver;
    // @ts-expect-error: removed for this test, as in jsdom
    delete globalThis.IntersectionObserver;
    try {
      render(
        <Deferred estimate={190}>
          <p>card</p>
        </Deferred>,
      );
      expect(screen.getByText('card')).toBeTruthy();
    } finally {
      if (saved) globalThis.IntersectionObserver = saved;
    }
  });
});
