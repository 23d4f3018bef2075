/**
 * Text that is not Unicode: a UTF-16 surrogate without its pair, which JSON's `\ud800` escape can
 * carry. Neither the store nor the query engine can hold it (Prisma answers an internal error),
 * so every entry refuses it with the field's name before anything else reads the input.
 */
const loneSurrogate = /\p{Cs}/u;

/**
 * Where in `value` a string or an object key holds a lone surrogate, as `a.b.0`; null when none
 * does. Walks with its own stack: input nested thousands deep must not overflow the call stack.
 */
export function illFormedTextPath(value: unknown): string | null {
  // Each entry keeps its parent rather than its whole path, so deep input costs linear time.
  interface Entry {
    value: unknown;
    key: string | null;
    parent: Entry | null;
  }
  const pathOf = (entry: Entry | null, last?: string): string => {
    const keys = last === undefined ? [] : [last];
    for (let at = entry; at !== null; at = at.parent) if (at.key !== null) keys.push(at.key);
    return keys.reverse().join('.');
  };
  const pending: Entry[] = [{ value, key: null, parent: null }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const current = entry.value;
    if (typeof current === 'string') {
      if (loneSurrogate.test(current)) return pathOf(entry);
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, item] of Object.entries(current)) {
        if (loneSurrogate.test(key)) return pathOf(entry, key);
        pending.push({ value: item, key, parent: entry });
      }
    }
  }
  return null;
}

export const illFormedTextReason = 'must be Unicode text: it holds a lone UTF-16 surrogate';
