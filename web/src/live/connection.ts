// Live connection to the server: GET /stream (server-sent `snapshot` events) with a fallback to
// polling GET /lab. A small state machine; the EventSource factory, fetch and timers are injected
// so it can be tested with fake ones.
//
//   connecting --snapshot--> live --error or stall--> reconnecting --snapshot--> live
//   reconnecting --N errors without a snapshot in between--> polling (or offline when polls fail)
//   (a stall: no snapshot for staleMs, e.g. a proxy that keeps a dead stream open)
//   polling/offline --every streamRetryMs: trial stream; its first snapshot--> live
//   no EventSource at all --> polling only
import type { ApiResult, Lab } from '../api/types';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'offline';

/** The part of EventSource this class uses. */
export interface EventSourceLike {
  readonly readyState: number;
  onerror: ((event: Event) => unknown) | null;
  addEventListener(type: 'snapshot', listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

type TimerHandle = unknown;

export interface ConnectionDeps {
  /** null/undefined when the browser has no EventSource: polling only. */
  createEventSource?: ((url: string) => EventSourceLike) | null;
  fetchLab: (signal: AbortSignal) => Promise<ApiResult<Lab>>;
  setTimeout: (callback: () => void, ms: number) => TimerHandle;
  clearTimeout: (handle: TimerHandle) => void;
  /** The clock the timers run on, in milliseconds. */
  now: () => number;
}

export interface ConnectionCallbacks {
  onSnapshot: (lab: Lab) => void;
  onState: (state: ConnectionState) => void;
}

export interface ConnectionOptions {
  streamUrl: string;
  /** Stream errors without a snapshot in between before falling back to polling. */
  maxStreamErrors: number;
  pollIntervalMs: number;
  /** How long to poll before trying the stream again. */
  streamRetryMs: number;
  /** Reopen delay when the browser gave up on the stream (readyState CLOSED). */
  reopenMs: number;
  /** A stream silent this long counts as an error and is reopened (the server sends ~1/s). */
  staleMs: number;
}

export const DEFAULT_CONNECTION_OPTIONS: ConnectionOptions = {
  streamUrl: '/stream',
  maxStreamErrors: 3,
  pollIntervalMs: 1000,
  streamRetryMs: 30000,
  reopenMs: 2000,
  staleMs: 5000,
};

const CLOSED = 2;

export class LiveConnection {
  readonly #options: ConnectionOptions;
  #current: ConnectionState = 'connecting';
  #running = false;
  #stream: EventSourceLike | null = null;
  /** The stream is a trial while polling goes on: its first snapshot ends polling. */
  #trial = false;
  #streamErrors = 0;
  #polling = false;
  #pollTimer: TimerHandle = null;
  #pollAbort: AbortController | null = null;
  #streamTimer: TimerHandle = null;
  #watchdog: TimerHandle = null;
  /** When the stream last showed a sign of life: the watchdog fires staleMs after it. */
  #alive = 0;

  readonly #deps: ConnectionDeps;
  readonly #callbacks: ConnectionCallbacks;

  constructor(
    deps: ConnectionDeps,
    callbacks: ConnectionCallbacks,
    options: Partial<ConnectionOptions> = {},
  ) {
    this.#deps = deps;
    this.#callbacks = callbacks;
    this.#options = { ...DEFAULT_CONNECTION_OPTIONS, ...options };
  }

  get state(): ConnectionState {
    return this.#current;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#deps.createEventSource) this.#openStream(false);
    else this.#startPolling();
  }

  /** Follows another stream URL (another pod selection). An open stream is reopened at once and
   * the state stays as it is; while polling, the next trial stream uses it. */
  select(streamUrl: string): void {
    if (streamUrl === this.#options.streamUrl) return;
    this.#options.streamUrl = streamUrl;
    if (this.#stream && this.#running) this.#openStream(this.#trial, true);
  }

  stop(): void {
    this.#running = false;
    this.#closeStream();
    this.#stopPolling();
    this.#streamTimer = this.#cancel(this.#streamTimer);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#current) return;
    this.#current = state;
    this.#callbacks.onState(state);
  }

  // --- stream ---------------------------------------------------------------------------------

  #openStream(trial: boolean, keepErrorCount = false): void {
    const create = this.#deps.createEventSource;
    if (!create || !this.#running) return;
    this.#closeStream();
    this.#trial = trial;
    if (!keepErrorCount) this.#streamErrors = 0;
    let source: EventSourceLike;
    try {
      source = create(this.#options.streamUrl);
    } catch {
      this.#fallBackToPolling();
      return;
    }
    this.#stream = source;
    source.addEventListener('snapshot', (event) => this.#onStreamMessage(source, event));
    source.onerror = () => this.#onStreamError(source);
    this.#armWatchdog();
  }

  /** A sign of life moves the watchdog's deadline, not its timer: a snapshot a second sets no
   * timer (clearing and setting one cost about 0.17 ms of each update's task); the timer, when
   * it fires early, waits for the rest. */
  #armWatchdog(): void {
    this.#alive = this.#deps.now();
    this.#watchdog ??= this.#deps.setTimeout(this.#watch, this.#options.staleMs);
  }

  #watch = (): void => {
    const left = this.#alive + this.#options.staleMs - this.#deps.now();
    this.#watchdog = left > 0 ? this.#deps.setTimeout(this.#watch, left) : null;
    if (left <= 0 && this.#stream) this.#onStreamFailure(0);
  };

  /** Cancels a pending timer; null, for the field that held it. */
  #cancel(timer: TimerHandle): null {
    if (timer !== null) this.#deps.clearTimeout(timer);
    return null;
  }

  #closeStream(): void {
    this.#watchdog = this.#cancel(this.#watchdog);
    if (this.#stream) {
      this.#stream.onerror = null;
      this.#stream.close();
      this.#stream = null;
    }
  }

  #onStreamMessage(source: EventSourceLike, event: MessageEvent<string>): void {
    if (source !== this.#stream || !this.#running) return;
    let lab: Lab;
    try {
      lab = JSON.parse(event.data) as Lab;
    } catch {
      return; // A garbled message is ignored; it does not count as a sign of life either.
    }
    this.#streamErrors = 0;
    this.#armWatchdog();
    if (this.#trial) {
      this.#trial = false;
      this.#stopPolling();
      this.#streamTimer = this.#cancel(this.#streamTimer);
    }
    this.#setState('live');
    this.#callbacks.onSnapshot(lab);
  }

  #onStreamError(source: EventSourceLike): void {
    if (source !== this.#stream || !this.#running) return;
    // readyState CLOSED: the browser will not reconnect by itself (e.g. an HTTP error).
    this.#onStreamFailure(source.readyState === CLOSED ? this.#options.reopenMs : null);
  }

  /** An error event or a stall. `reopenAfterMs`: we must reopen the stream ourselves (null: the
   * browser reconnects by itself). */
  #onStreamFailure(reopenAfterMs: number | null): void {
    if (this.#trial) {
      // The stream failed again while polling: give up on it until the next retry.
      this.#closeStream();
      this.#scheduleStreamRetry();
      return;
    }
    this.#streamErrors += 1;
    if (this.#streamErrors >= this.#options.maxStreamErrors) {
      this.#fallBackToPolling();
      return;
    }
    this.#setState('reconnecting');
    if (reopenAfterMs !== null) {
      this.#closeStream();
      this.#streamTimer = this.#cancel(this.#streamTimer);
      this.#streamTimer = this.#deps.setTimeout(() => {
        this.#streamTimer = null;
        this.#openStream(false, true);
      }, reopenAfterMs);
    } else {
      this.#armWatchdog(); // the browser retries; if it never gets through, the watchdog fires
    }
  }

  #fallBackToPolling(): void {
    this.#closeStream();
    this.#startPolling();
    this.#scheduleStreamRetry();
  }

  #scheduleStreamRetry(): void {
    if (!this.#deps.createEventSource) return;
    this.#streamTimer = this.#cancel(this.#streamTimer);
    this.#streamTimer = this.#deps.setTimeout(() => {
      this.#streamTimer = null;
      this.#openStream(true);
    }, this.#options.streamRetryMs);
  }

  // --- polling --------------------------------------------------------------------------------

  #startPolling(): void {
    if (this.#polling || !this.#running) return;
    this.#polling = true;
    this.#setState('polling');
    this.#poll();
  }

  #stopPolling(): void {
    this.#polling = false;
    this.#pollTimer = this.#cancel(this.#pollTimer);
    this.#pollAbort?.abort();
    this.#pollAbort = null;
  }

  #poll(): void {
    const abort = new AbortController();
    this.#pollAbort = abort;
    this.#deps.fetchLab(abort.signal).then(
      (result) => this.#onPollResult(abort, result),
      () => this.#onPollResult(abort, { ok: false, status: 0, detail: 'network error' }),
    );
  }

  #onPollResult(abort: AbortController, result: ApiResult<Lab>): void {
    if (abort !== this.#pollAbort || !this.#polling || !this.#running) return;
    this.#pollAbort = null;
    if (result.ok) {
      this.#setState('polling');
      this.#callbacks.onSnapshot(result.data);
    } else {
      this.#setState('offline');
    }
    this.#pollTimer = this.#deps.setTimeout(() => {
      this.#pollTimer = null;
      if (this.#polling) this.#poll();
    }, this.#options.pollIntervalMs);
  }
}
