/** Whether two arrays hold the same values, in order (Object.is). */
export const sameList = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

function sameValue(a: unknown, b: unknown): boolean {
  // Arrays of primitives (e.g. a service's dependencies) compare element by element.
  return Object.is(a, b) || (Array.isArray(a) && Array.isArray(b) && sameList(a, b));
}

/** True when both objects have the same keys with identical values (one level deep). */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  const keysA = Object.keys(a) as (keyof T)[];
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) {
    if (!sameValue(a[key], b[key])) return false;
  }
  return true;
}

/** Element-wise shallowEqual of two arrays of flat objects. */
export function shallowEqualList<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!shallowEqual(a[i] as T, b[i] as T)) return false;
  }
  return true;
}
