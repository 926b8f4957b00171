// Client-side validation of the fault form by the server's own rules (fieldRules.ts): it refuses
// what POST /fault/{pod_id} refuses, in the same words. Only the fields whose value differs from
// the pod's current one are sent: a field sent again replaces its pending timed end (a timed
// fault would become permanent).
import type { FaultPatch } from '../api/types';
import { checkField, fieldRule, RULES, type FieldCheck } from './fieldRules';

export type { FieldCheck };

const DELAY = fieldRule('fault', 'delay_ms');
const JITTER = fieldRule('fault', 'jitter_ms');
const ERROR_RATE = fieldRule('fault', 'error_rate');
const DURATION = fieldRule('fault', 'duration_s');

export const checkDelay = (input: string) => checkField(DELAY, input);
export const checkJitter = (input: string) => checkField(JITTER, input);
export const checkErrorRate = (input: string) => checkField(ERROR_RATE, input);
export const checkDuration = (input: string) => checkField(DURATION, input);

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

const DURATION_ALONE = `duration_s: ${RULES.duration_alone}`;

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
