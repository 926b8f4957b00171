// The server's table of field rules (src/core/field_rules.h), as `healthboard field-rules` prints
// it into fieldRules.json; a server unit test keeps that file equal to the table. The forms check
// what people type with these rules, so they refuse exactly what the server refuses, in its words.
import { groups, rules } from './fieldRules.json';

export interface FieldRule {
  name: string;
  type: 'integer' | 'number' | 'boolean';
  min?: number;
  max?: number;
  /** `min` itself is refused ("over 0 and at most 86400"). */
  above_min?: boolean;
  unit?: string;
  /** What a value of the wrong type is refused with: "an integer number of milliseconds". */
  kind: string;
  /** What a value must be: "an integer from 0 to 600000 (milliseconds)". */
  expected: string;
}

// The groups the page checks, each read by its name: the build keeps those and drops the others
// (probe, workload, rollout, ... are the config files' business), some 0.3 kB gzip.
const GROUPS = {
  fault: groups.fault as FieldRule[],
  scale: groups.scale as FieldRule[],
};

export type GroupName = keyof typeof GROUPS;

/** The server's sentences for the rules between fields. */
export const RULES = rules;

/** The rule of `name` among the fields of `group`; throws when the table has no such field. */
export function fieldRule(group: GroupName, name: string): FieldRule {
  const found = GROUPS[group].find((r) => r.name === name);
  if (!found) throw new Error(`fieldRules.json has no ${group} field ${name}`);
  return found;
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; detail: string };

/** A decimal number as people type it: "0.5", ".5", "5.", "1e-3" (read with Number). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** How the server echoes a value it refused: numbers bare, strings JSON-quoted. */
const echo = (text: string) => (DECIMAL.test(text) ? text : JSON.stringify(text));

function holds(rule: FieldRule, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (rule.type === 'integer' && !Number.isSafeInteger(value)) return false;
  const min = rule.min ?? -Infinity;
  const max = rule.max ?? Infinity;
  return (rule.above_min ? value > min : value >= min) && value <= max;
}

/** The number typed for a numeric field, read as the server reads it: its type first (an
 * integer field takes no "1.5"), then its range. */
export function checkField(rule: FieldRule, input: string): FieldCheck<number> {
  const text = input.trim();
  if (!(rule.type === 'integer' ? INTEGER : DECIMAL).test(text)) {
    return { ok: false, detail: `${rule.name}: must be ${rule.kind}, got ${echo(text)}` };
  }
  const value = Number(text);
  if (!holds(rule, value)) {
    return { ok: false, detail: `${rule.name}: must be ${rule.expected}, got ${text}` };
  }
  return { ok: true, value };
}
