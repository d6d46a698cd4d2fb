// The tRPC transformer: superjson, with serialisation remembered for immutable cached values.
// superjson walks every value it serialises to find Dates and other non-JSON types; for a
// cached catalog page that walk is most of the cost of answering. A cache that hands the same
// object to every reader can serialise it once and register the result here; the transformer
// then reuses it for as long as the object lives (a WeakMap, so nothing outlives the cache).
import superjson, { type SuperJSONResult } from 'superjson';

const serialised = new WeakMap<object, SuperJSONResult>();

/**
 * Serialises `value` now and remembers the result for every later response that carries the
 * same object. Only for values nobody mutates after this call.
 */
export function serialiseOnce(value: object): SuperJSONResult {
  let result = serialised.get(value);
  if (!result) {
    result = superjson.serialize(value);
    serialised.set(value, result);
  }
  return result;
}

/** Rebuilds a value from its serialised form and remembers that form for it. */
export function deserialiseRemembered<T extends object>(result: SuperJSONResult): T {
  const value = superjson.deserialize<T>(result);
  serialised.set(value, result);
  return value;
}

export const wireTransformer = {
  serialize: (value: unknown) =>
    (typeof value === 'object' && value !== null && serialised.get(value)) || superjson.serialize(value),
  deserialize: <T>(payload: SuperJSONResult) => superjson.deserialize<T>(payload),
};
