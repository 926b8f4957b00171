// Client-side validation of the fault form, mirroring POST /fault/{pod_id} on the server: same
// rules, same wording. Only the fields whose value differs from the pod's current one are sent:
// a field sent again replaces its pending timed end (a timed fault would become permanent).
import type { FaultPatch } from '../api/types';

export const MAX_DELAY_MS = 600000;
export const MAX_DURATION_S = 86400;

/** A decimal number as people type it: "0.5", ".5", "5.", "1e-3" (read with Number). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; detail: string };

/** How the server echoes a value it refused: numbers bare, strings JSON-quoted. */
const echo = (text: string) => (DECIMAL.test(text) ? text : JSON.stringify(text));

function checkMillis(field: 'delay_ms' | 'jitter_ms', input: string): FieldCheck<number> {
  const text = input.trim();
  if (!INTEGER.test(text)) {
    return {
      ok: false,
      detail: `${field}: must be an integer number of milliseconds, got ${echo(text)}`,
    };
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_DELAY_MS) {
    return {
      ok: false,
      detail: `${field}: must be an integer from 0 to ${MAX_DELAY_MS} (milliseconds), got ${text}`,
    };
  }
  return { ok: true, value };
}

export const checkDelay = (input: string) => checkMillis('delay_ms', input);
export const checkJitter = (input: string) => checkMillis('jitter_ms', input);

export function checkErrorRate(input: string): FieldCheck<number> {
  const text = input.trim();
  if (!DECIMAL.test(text)) {
    return { ok: false, detail: `error_rate: must be a number, got ${echo(text)}` };
  }
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) {
    return { ok: false, detail: `error_rate: must be a number from 0 to 1, got ${text}` };
  }
  return { ok: true, value };
}

export function checkDuration(input: string): FieldCheck<number> {
  const text = input.trim();
  if (!DECIMAL.test(text)) {
    return { ok: false, detail: `duration_s: must be a number of seconds, got ${echo(text)}` };
  }
  const value = Number(text);
  if (!(value > 0 && value <= MAX_DURATION_S)) {
    return {
      ok: false,
      detail: `duration_s: must be a number of seconds over 0 and at most ${MAX_DURATION_S}, got ${text}`,
    };
  }
  return { ok: true, value };
}

/** What the user changed in the form: only the fields they edited are present. An empty or
 * missing duration means the change is permanent. */
export interface FaultEdits {
  delay?: string;
  jitter?: string;
  errorRate?: string;
  kill?: boolean;
  crashLoop?: boolean;
  duration?: string;
}

/** The pod's faults as the page last saw them. */
export interface CurrentFaults {
  delayMs: number;
  jitterMs: number;
  errorRate: number;
  killed: boolean;
  crashLoop: boolean;
}

export type FaultField =
  'delay_ms' | 'jitter_ms' | 'error_rate' | 'kill' | 'crash' | 'crash_loop' | 'duration_s';

/** The one-shot crash: the container exits once and the kubelet restarts it. Sent alone: it has
 * no duration and changes no other field. */
export const CRASH_PATCH: FaultPatch = { crash: true };

export type FaultCheck =
  { ok: true; patch: FaultPatch } | { ok: false; field: FaultField; detail: string };

const DURATION_ALONE =
  'duration_s: bounds the faults set in the same request, but none is set (give delay_ms, ' +
  'jitter_ms, error_rate or kill beside it)';

/**
 * Validates the edited fields and builds the request body from those whose value differs from
 * the pod's current one; `patch` is `{}` when nothing changed (then nothing should be sent).
 * The first refusal is reported in the server's order: delay_ms, jitter_ms, error_rate,
 * duration_s.
 */
export function faultPatch(edits: FaultEdits, current: CurrentFaults): FaultCheck {
  const patch: FaultPatch = {};
  const numeric = [
    ['delay_ms', edits.delay, checkDelay, current.delayMs],
    ['jitter_ms', edits.jitter, checkJitter, current.jitterMs],
    ['error_rate', edits.errorRate, checkErrorRate, current.errorRate],
  ] as const;
  for (const [field, input, check, now] of numeric) {
    if (input === undefined) continue;
    const result = check(input);
    if (!result.ok) return { ok: false, field, detail: result.detail };
    if (result.value !== now) patch[field] = result.value;
  }
  if (edits.kill !== undefined && edits.kill !== current.killed) patch.kill = edits.kill;
  if (edits.crashLoop !== undefined && edits.crashLoop !== current.crashLoop) {
    patch.crash_loop = edits.crashLoop;
  }
  const duration = edits.duration?.trim() ?? '';
  if (duration !== '') {
    const result = checkDuration(duration);
    if (!result.ok) return { ok: false, field: 'duration_s', detail: result.detail };
    if (Object.keys(patch).length === 0) {
      return { ok: false, field: 'duration_s', detail: DURATION_ALONE };
    }
    patch.duration_s = result.value;
  }
  return { ok: true, patch };
}

/** Whether a patch changes nothing (nothing to send). */
export const isEmptyPatch = (patch: FaultPatch): boolean => Object.keys(patch).length === 0;
