/**
 * Whether two values are equal by value: arrays and objects key by key, at any depth; anything
 * else (numbers, strings, functions) by Object.is. For the server's JSON and the props built from
 * it: every snapshot brings new objects, mostly equal to the ones shown.
 */
export function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => k in b && equal(a[k as keyof typeof a], b[k as keyof typeof b]))
  );
}
