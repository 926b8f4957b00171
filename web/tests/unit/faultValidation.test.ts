import { describe, expect, it } from 'vitest';
import {
  checkDelay,
  checkDuration,
  checkErrorRate,
  checkJitter,
  CRASH_PATCH,
  faultPatch,
  isEmptyPatch,
  type CurrentFaults,
} from '../../src/lib/faultValidation';
import { fieldRule } from '../../src/lib/fieldRules';
import { checkReplicas } from '../../src/lib/kube';

// Expected wording copied from the server's answers to POST /fault.
describe('checkDelay', () => {
  it('accepts integers from 0 to 600000', () => {
    expect(checkDelay('0')).toEqual({ ok: true, value: 0 });
    expect(checkDelay(' 1000 ')).toEqual({ ok: true, value: 1000 });
    expect(checkDelay('600000')).toEqual({ ok: true, value: 600000 });
  });
  it('refuses out-of-range integers with the server wording', () => {
    expect(checkDelay('700000')).toEqual({
      ok: false,
      detail: 'delay_ms: must be an integer from 0 to 600000 (milliseconds), got 700000',
    });
    expect(checkDelay('600001')).toMatchObject({ ok: false });
    expect(checkDelay('-1')).toEqual({
      ok: false,
      detail: 'delay_ms: must be an integer from 0 to 600000 (milliseconds), got -1',
    });
  });
  it('refuses non-integers', () => {
    expect(checkDelay('1.5')).toEqual({
      ok: false,
      detail: 'delay_ms: must be an integer number of milliseconds, got 1.5',
    });
    expect(checkDelay('100.0')).toMatchObject({ ok: false });
    expect(checkDelay('1e3')).toMatchObject({ ok: false });
    expect(checkDelay('abc')).toEqual({
      ok: false,
      detail: 'delay_ms: must be an integer number of milliseconds, got "abc"',
    });
    expect(checkDelay('')).toEqual({
      ok: false,
      detail: 'delay_ms: must be an integer number of milliseconds, got ""',
    });
  });
});

describe('checkErrorRate', () => {
  it('accepts numbers from 0 to 1', () => {
    expect(checkErrorRate('0')).toEqual({ ok: true, value: 0 });
    expect(checkErrorRate('0.25')).toEqual({ ok: true, value: 0.25 });
    expect(checkErrorRate('1')).toEqual({ ok: true, value: 1 });
    expect(checkErrorRate('1e-7')).toEqual({ ok: true, value: 1e-7 });
  });
  it('refuses numbers out of range with the server wording', () => {
    expect(checkErrorRate('1.5')).toEqual({
      ok: false,
      detail: 'error_rate: must be a number from 0 to 1, got 1.5',
    });
    expect(checkErrorRate('-0.25')).toEqual({
      ok: false,
      detail: 'error_rate: must be a number from 0 to 1, got -0.25',
    });
  });
  it('refuses text that is not a number', () => {
    expect(checkErrorRate('x')).toEqual({
      ok: false,
      detail: 'error_rate: must be a number, got "x"',
    });
  });
});

describe('decimal input as people type it', () => {
  it('reads ".5" as 0.5, and "5." and "1e-1" too', () => {
    expect(checkErrorRate('.5')).toEqual({ ok: true, value: 0.5 });
    expect(checkErrorRate(' .25 ')).toEqual({ ok: true, value: 0.25 });
    expect(checkErrorRate('1.')).toEqual({ ok: true, value: 1 });
    expect(checkErrorRate('1e-1')).toEqual({ ok: true, value: 0.1 });
    expect(checkDuration('.5')).toEqual({ ok: true, value: 0.5 });
  });
  it('still refuses what is not a number', () => {
    expect(checkErrorRate('.')).toEqual({
      ok: false,
      detail: 'error_rate: must be a number, got "."',
    });
    expect(checkErrorRate('0,5')).toMatchObject({ ok: false });
  });
});

describe('checkJitter and checkDuration', () => {
  it('jitter follows the delay rules under its own name', () => {
    expect(checkJitter('50')).toEqual({ ok: true, value: 50 });
    expect(checkJitter('600001')).toEqual({
      ok: false,
      detail: 'jitter_ms: must be an integer from 0 to 600000 (milliseconds), got 600001',
    });
    expect(checkJitter('2.5')).toEqual({
      ok: false,
      detail: 'jitter_ms: must be an integer number of milliseconds, got 2.5',
    });
  });
  it('duration is over 0 and at most 86400 seconds', () => {
    expect(checkDuration('20')).toEqual({ ok: true, value: 20 });
    expect(checkDuration('86400')).toEqual({ ok: true, value: 86400 });
    expect(checkDuration('0')).toEqual({
      ok: false,
      detail: 'duration_s: must be a number of seconds over 0 and at most 86400, got 0',
    });
    expect(checkDuration('86401')).toMatchObject({ ok: false });
    expect(checkDuration('soon')).toEqual({
      ok: false,
      detail: 'duration_s: must be a number of seconds, got "soon"',
    });
  });
});

const TIMED_DELAY: CurrentFaults = {
  delayMs: 800,
  jitterMs: 0,
  errorRate: 0,
  killed: false,
  crashLoop: false,
};

describe('faultPatch', () => {
  it('sends only the error rate when only the error rate changed (a timed delay keeps its end)', () => {
    expect(faultPatch({ errorRate: '0.3' }, TIMED_DELAY)).toEqual({
      ok: true,
      patch: { error_rate: 0.3 },
    });
  });
  it('sends nothing when nothing changed, or a field was typed again with its value', () => {
    expect(faultPatch({}, TIMED_DELAY)).toEqual({ ok: true, patch: {} });
    expect(faultPatch({ delay: '800', errorRate: '0', kill: false }, TIMED_DELAY)).toEqual({
      ok: true,
      patch: {},
    });
    expect(faultPatch({ errorRate: '.0' }, TIMED_DELAY)).toEqual({ ok: true, patch: {} });
    expect(isEmptyPatch({})).toBe(true);
    expect(isEmptyPatch({ kill: false })).toBe(false);
  });
  it('sends jitter, kill and a duration with the changed fields', () => {
    expect(
      faultPatch({ jitter: '100', kill: true, duration: ' 20 ', delay: '800' }, TIMED_DELAY),
    ).toEqual({ ok: true, patch: { jitter_ms: 100, kill: true, duration_s: 20 } });
    expect(faultPatch({ errorRate: '.5', duration: '' }, TIMED_DELAY)).toEqual({
      ok: true,
      patch: { error_rate: 0.5 },
    });
  });
  it('refuses a duration without any changed fault, with the server wording', () => {
    expect(faultPatch({ duration: '20' }, TIMED_DELAY)).toEqual({
      ok: false,
      field: 'duration_s',
      detail:
        'duration_s: bounds the faults set in the same request, but none is set (give ' +
        'delay_ms, jitter_ms, error_rate, kill or crash_loop beside it)',
    });
  });
  it('reports the first refusal in the server order (delay, jitter, error rate, duration)', () => {
    expect(faultPatch({ delay: '700000', errorRate: '2' }, TIMED_DELAY)).toEqual({
      ok: false,
      field: 'delay_ms',
      detail: 'delay_ms: must be an integer from 0 to 600000 (milliseconds), got 700000',
    });
    expect(faultPatch({ jitter: '-1', errorRate: '2' }, TIMED_DELAY)).toMatchObject({
      field: 'jitter_ms',
    });
    expect(faultPatch({ errorRate: '2', duration: '0' }, TIMED_DELAY)).toEqual({
      ok: false,
      field: 'error_rate',
      detail: 'error_rate: must be a number from 0 to 1, got 2',
    });
    expect(faultPatch({ errorRate: '0.1', duration: '0' }, TIMED_DELAY)).toMatchObject({
      field: 'duration_s',
    });
  });
});

describe('crash faults', () => {
  it('sends crash_loop when it changed, bounded by a duration like the others', () => {
    expect(faultPatch({ crashLoop: true }, TIMED_DELAY)).toEqual({
      ok: true,
      patch: { crash_loop: true },
    });
    expect(faultPatch({ crashLoop: true, duration: '30' }, TIMED_DELAY)).toEqual({
      ok: true,
      patch: { crash_loop: true, duration_s: 30 },
    });
    expect(faultPatch({ crashLoop: false }, { ...TIMED_DELAY, crashLoop: true })).toEqual({
      ok: true,
      patch: { crash_loop: false },
    });
    expect(faultPatch({ crashLoop: true }, { ...TIMED_DELAY, crashLoop: true })).toEqual({
      ok: true,
      patch: {},
    });
  });
  it('a duration with only an unchanged crash loop is refused', () => {
    const check = faultPatch({ crashLoop: false, duration: '30' }, TIMED_DELAY);
    expect(check.ok).toBe(false);
    expect(check.ok ? null : check.field).toBe('duration_s');
  });
  it('the one-shot crash is sent alone', () => {
    expect(CRASH_PATCH).toEqual({ crash: true });
  });
});

describe('the field rules come from the server', () => {
  it('checks replicas and the fault fields by the table the server prints', () => {
    expect(checkReplicas('1000')).toEqual({ ok: true, value: 1000 });
    expect(checkReplicas('2.5')).toEqual({
      ok: false,
      detail: 'replicas: must be an integer, got 2.5',
    });
    expect(checkReplicas('-1')).toEqual({
      ok: false,
      detail: 'replicas: must be an integer from 0 to 1000, got -1',
    });
    expect(fieldRule('fault', 'duration_s')).toMatchObject({ above_min: true, max: 86400 });
    expect(() => fieldRule('fault', 'no_such_field')).toThrow(/no fault field no_such_field/);
  });
});
