// JSON from the outside world (a provider's webhook body), parsed with a bound on nesting: a
// body nested a hundred thousand levels deep would otherwise exhaust the engine's stack, and a
// stack overflow in the component is a trap, not an exception the plugin could catch.

/** How deep a webhook body may nest: real providers' payloads stay under 20. */
export const MAX_JSON_DEPTH = 64;

/** `JSON.parse`, or a plain `Error` (never a trap) when `text` nests deeper than `maxDepth`. */
export function parseJson(text: string, maxDepth: number = MAX_JSON_DEPTH): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > maxDepth) throw new Error(`JSON nested deeper than ${maxDepth} levels`);
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return JSON.parse(text) as unknown;
}
