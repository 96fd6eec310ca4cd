// Numbers on the wire are finite (issue 14). A measure that is undefined — a silent or unvoiced
// clip has no pitch, a clip without syllables no rate — is null where the contract's schema allows
// null (`z.number().nullable()`), and nowhere is it NaN or ±Infinity: JSON cannot carry them (the
// WebSocket would turn them into null behind the schema's back) and zod refuses them, so a handler
// that produced one would fail the whole call. Both transports pass through this one step.

/**
 * `value` with every NaN/±Infinity replaced by null, copying only the objects and arrays on the way
 * to a replaced number (the common case, nothing to replace, returns `value` itself).
 */
export function withFiniteNumbers<T>(value: T): T {
  return replaceNonFinite(value) as T;
}

function replaceNonFinite(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = replaceNonFinite(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value; // only plain data is rewritten
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const replaced = replaceNonFinite(item);
    if (replaced !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = replaced;
  }
  return copy ?? value;
}
