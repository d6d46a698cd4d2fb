// The tRPC transformer: superjson, with serialisation remembered for immutable cached values.
// superjson walks every value it serialises to find Dates and other non-JSON types; for a
// cached catalog page that walk is most of the cost of answering. A cache that hands the same
// object to every reader can serialise it once and register the result here; the transformer
// then reuses it for as long as the object lives (a WeakMap, so nothing outlives the cache).
import { TRPCError } from '@trpc/server';
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

/** Deeper than any contract goes; deeper input is refused before anything walks it. */
export const MAX_INPUT_DEPTH = 32;

/** Shaped like a zod error (`issues`), so the error formatter reports it as field errors. */
class RefusedInput extends Error {
  constructor(readonly issues: { path: (string | number)[]; message: string }[]) {
    super(issues[0]?.message);
  }
}

function refused(path: (string | number)[], message: string): never {
  // Reported without superjson's envelope, as the field a form knows.
  const field = path[0] === 'json' ? path.slice(1) : path;
  throw new TRPCError({ code: 'BAD_REQUEST', message, cause: new RefusedInput([{ path: field, message }]) });
}

/**
 * Client input as it arrived, before superjson rebuilds it. superjson drops a `__proto__` key
 * silently, so a strict contract never saw it and the call ran: it is refused here as the
 * unknown field it is. Nesting beyond any contract is refused too, before a recursive walk
 * (superjson's, zod's) could run out of stack. One iterative pass over the input.
 */
export function checkRawInput(payload: unknown): void {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: payload, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > MAX_INPUT_DEPTH) refused(path.slice(0, MAX_INPUT_DEPTH), 'Nested too deeply');
    for (const key of Object.keys(value)) {
      if (key === '__proto__') refused([...path, key], 'Unknown field');
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

export const wireTransformer = {
  serialize: (value: unknown) =>
    (typeof value === 'object' && value !== null && serialised.get(value)) || superjson.serialize(value),
  deserialize: <T>(payload: SuperJSONResult) => {
    checkRawInput(payload);
    return superjson.deserialize<T>(payload);
  },
};
