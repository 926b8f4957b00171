import { act } from '@testing-library/react';

type Callback = (entries: { isIntersecting: boolean }[]) => void;

/** jsdom has no IntersectionObserver: this one reports nothing until the test says so. Stub it
 * with `vi.stubGlobal('IntersectionObserver', FakeObserver)` after emptying `FakeObserver.all`. */
export class FakeObserver {
  static all: FakeObserver[] = [];
  observed: Element[] = [];
  constructor(readonly callback: Callback) {
    FakeObserver.all.push(this);
  }
  observe(element: Element) {
    this.observed.push(element);
  }
  disconnect() {}
  report(isIntersecting: boolean) {
    act(() => this.callback([{ isIntersecting }]));
  }
}
