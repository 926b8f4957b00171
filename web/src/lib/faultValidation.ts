// Client-side validation of the fault form, mirroring POST /fault/{pod_id} on the server:
// same rules, same wording. Input text is judged as if it were sent as a JSON literal.
import type { FaultPatch } from '../api/types';

export const MAX_DELAY_MS = 600000;

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const JSON_INTEGER = /^-?(0|[1-9]\d*)$/;

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; detail: string };

/** How the server echoes a value it refused: numbers bare, strings JSON-quoted. */
const echo = (text: string) => (JSON_NUMBER.test(text) ? text : JSON.stringify(text));

export function checkDelay(input: string): FieldCheck<number> {
  const text = input.trim();
  if (!JSON_INTEGER.test(text)) {
    return {
      ok: false,
      detail: `delay_ms: must be an integer number of milliseconds, got ${echo(text)}`,
    };
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_DELAY_MS) {
    return {
      ok: false,
      detail: `delay_ms: must be an integer from 0 to ${MAX_DELAY_MS} (milliseconds), got ${text}`,
    };
  }
  return { ok: true, value };
}

export function checkErrorRate(input: string): FieldCheck<number> {
  const text = input.trim();
  if (!JSON_NUMBER.test(text)) {
    return { ok: false, detail: `error_rate: must be a number, got ${echo(text)}` };
  }
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) {
    return { ok: false, detail: `error_rate: must be a number from 0 to 1, got ${text}` };
  }
  return { ok: true, value };
}

export interface FaultFormValues {
  delay: string;
  errorRate: string;
  kill: boolean;
}

export type FaultField = 'delay_ms' | 'error_rate' | 'kill';

export type FaultCheck =
  { ok: true; patch: FaultPatch } | { ok: false; field: FaultField; detail: string };

/**
 * Validates the form and builds the request body. The server checks delay_ms, then error_rate,
 * then kill; the first refusal is reported, as the server does.
 */
export function checkFault(values: FaultFormValues): FaultCheck {
  const delay = checkDelay(values.delay);
  if (!delay.ok) return { ok: false, field: 'delay_ms', detail: delay.detail };
  const errorRate = checkErrorRate(values.errorRate);
  if (!errorRate.ok) return { ok: false, field: 'error_rate', detail: errorRate.detail };
  return {
    ok: true,
    patch: { delay_ms: delay.value, error_rate: errorRate.value, kill: values.kill },
  };
}
