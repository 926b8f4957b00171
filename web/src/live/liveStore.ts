// The page's live state in an external store: the reducer's state, and who to tell when it
// changes. Components read the slice they show (useSlice) and re-render only when that slice
// changed, instead of the whole page rendering from the root on every snapshot.
import { initialLabState, labReducer, type LabAction, type LabState } from './labStore';

export class LiveStore {
  #state: LabState;
  readonly #listeners = new Set<() => void>();

  constructor(state: LabState = initialLabState) {
    this.#state = state;
  }

  readonly getState = (): LabState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly dispatch = (action: LabAction): void => {
    this.set(labReducer(this.#state, action));
  };

  /** Replaces the state (a page handed its state from outside, as in the component tests). */
  set(state: LabState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of [...this.#listeners]) listener();
  }
}
