import { describe, expect, it } from 'vitest';
import { checkDelay, checkErrorRate, checkFault } from '../../src/lib/faultValidation';

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
    expect(checkErrorRate('.5')).toMatchObject({ ok: false });
  });
});

describe('checkFault', () => {
  it('builds the full request body', () => {
    expect(checkFault({ delay: '1000', errorRate: '0.5', kill: true })).toEqual({
      ok: true,
      patch: { delay_ms: 1000, error_rate: 0.5, kill: true },
    });
  });
  it('reports the first refusal in the server order (delay, then error rate)', () => {
    expect(checkFault({ delay: '700000', errorRate: '2', kill: false })).toEqual({
      ok: false,
      field: 'delay_ms',
      detail: 'delay_ms: must be an integer from 0 to 600000 (milliseconds), got 700000',
    });
    expect(checkFault({ delay: '0', errorRate: '2', kill: false })).toEqual({
      ok: false,
      field: 'error_rate',
      detail: 'error_rate: must be a number from 0 to 1, got 2',
    });
  });
});
