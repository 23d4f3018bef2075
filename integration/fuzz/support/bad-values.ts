import fc from 'fast-check';

// Building blocks of bad input, each bad by construction for the fields it is used on.

/** Characters no name, hostname, alias, CIDR or port grammar of Switchyard admits. */
const forbiddenCharacters = [
  ' ',
  '\t',
  '\r',
  '\n',
  '\0',
  '\u0007',
  '\u007f',
  '"',
  "'",
  '\\',
  '/',
  ';',
  '|',
  '&',
  '$',
  '`',
  '<',
  '>',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  '=',
  '@',
  '#',
  '%',
  '?',
  '!',
  '*',
  '~',
  '^',
  '\u00e9',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u2028',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  '\u0130',
];

/**
 * A string with a forbidden character (CR/LF, NUL, RTL override, lone surrogates...) between
 * letters, so trimming cannot take it away.
 */
export const oddString: fc.Arbitrary<string> = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{1,8}$/),
    fc.constantFrom(...forbiddenCharacters),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  )
  .map(([before, bad, after]) => `${before}${bad}${after}x`);

/** A name with a space or a control character inside: what would add a line to resolv.conf. */
export const spacedString: fc.Arbitrary<string> = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{1,8}$/),
    fc.constantFrom(' ', '\t', '\r\n', '\n', '\r', '\u0000', '\u0007', '\u001f', '\u007f'),
    fc.stringMatching(/^[a-z0-9.]{0,8}$/),
  )
  .map(([before, bad, after]) => `${before}${bad}${after}x`);

/** Longer than any name the control plane keeps (253 for hostnames), up to 200 KiB. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 300, max: 200_000 }), fc.constantFrom('a', '9', '-', '\u00e9', 'ab.'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

/** A name no name grammar admits: odd characters, huge, empty, or starting with a dash or dot. */
export const badName: fc.Arbitrary<string> = fc.oneof(
  oddString,
  hugeString,
  fc.constantFrom('', ' ', '-lead', '.lead', '..', '_x'),
);

/** Numbers no port, count or duration admits. */
export const badNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ max: -1 }),
  fc.integer({ min: 65_536 }),
  fc.double({ min: 0.01, max: 1e6, noNaN: true, noInteger: true }),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, -0.5),
);

/** JSON values of every kind, nested: the raw material of wrong types and junk. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** A value that is not a string (for string fields). */
export const notString = anyJson.filter((value) => typeof value !== 'string');
/** A value that is not a number. */
export const notNumber = anyJson.filter((value) => typeof value !== 'number');
/** A value that is not a boolean nor absent (null reads as absent in Docker's bodies). */
export const notBoolean = anyJson.filter((value) => typeof value !== 'boolean' && value !== null);
/** A value that is neither an object nor null. */
export const notObject = anyJson.filter(
  (value) => value !== null && (typeof value !== 'object' || Array.isArray(value)),
);
/** A value that is neither an array nor null. */
export const notArray = anyJson.filter((value) => value !== null && !Array.isArray(value));
/** A map whose values are not all strings: at least one entry is of another type. */
export const badStringMap = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
    fc.string({ minLength: 1, maxLength: 8 }),
    notString,
  )
  .map(([map, key, value]) => ({ ...map, [`k${key}`]: value }));

/** Stands for `deepNesting` in a value until `withDeepNesting` puts the text in its JSON. */
export const deepSentinel = '\u0000deep-nesting\u0000';

/** JSON text nested deep enough to trouble a recursive reader: 1,000 to 20,000 levels. */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`,
  );

/** The JSON of `value` with each `deepSentinel` replaced by `deep`. */
export function withDeepNesting(value: unknown, deep: string): string {
  return JSON.stringify(value).replaceAll(JSON.stringify(deepSentinel), deep);
}

/** Keys no request defines, some of them special to JavaScript. */
export const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''),
  fc.string({ maxLength: 16 }).map((key) => `zz${key}`),
);

/** Adds unknown fields to an object (after its own, which they never replace), next to whatever makes it bad. */
export function withJunk(value: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(unknownKey, anyJson, { maxKeys: 4 }).map((junk) => {
    const merged: Record<string, unknown> = { ...value };
    for (const [key, item] of Object.entries(junk)) {
      if (Object.hasOwn(merged, key)) continue;
      // defineProperty, so that `__proto__` is an own key as JSON.parse makes it.
      Object.defineProperty(merged, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return merged;
  });
}

/** Text that is not JSON whatever follows it: an unterminated string or a stray token first. */
export const notJson: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('{"', '[', '{', 'nul', 'tru', "{'a':1}", '{a:1}', '[1,]', '\u0000', '0x10', '{"a":1}}'),
    fc.string({ maxLength: 30 }),
  )
  .map(([head, tail]) =>
    head === '{"' || head === '[' || head === '{' || head === 'nul' || head === 'tru'
      ? `${head}${tail.replace(/["\]}]/g, '')}`
      : `${head}${tail}`,
  )
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

/** A malformed %-escape: not two hex digits, or bytes that are not UTF-8. */
export const badEscape: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%',
    '%Z',
    '%G0',
    '%0',
    '%C3',
    '%E0%A4',
    '%E0%A4%A',
    '%80',
    '%FF',
    '%ED%A0%80',
    '%F8%88%80%80%80',
    '%C0%AF',
    '%%',
  ),
  fc
    .tuple(fc.constantFrom('%'), fc.constantFrom('g', 'x', 'Z', '-', '.', '_', '~'))
    .map(([pct, bad]) => `${pct}${bad}`),
);

/** A path segment holding a malformed %-escape between otherwise harmless characters. */
export const badEscapedSegment: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{0,6}$/), badEscape, fc.stringMatching(/^[a-z0-9]{0,6}$/))
  .map(([before, escape, after]) => `${before}${escape}${after}`);

/** Not an IPv4 address. */
export const badIpv4: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.-4',
    '::1',
    'fe80::1',
    'localhost',
    '1.2.3.4/24',
    ' 1.2.3.4x',
  ),
  fc.tuple(fc.integer({ min: 256, max: 99_999 }), fc.nat(255)).map(([big, small]) => `10.${small}.${big}.1`),
  oddString,
);

/** Not an IPv4 CIDR. */
export const badCidr: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '10.0.0.0',
    '10.0.0.0/',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '300.0.0.0/24',
    'fd00::/64',
    '/24',
    '10.0.0.0/24 ',
    '10.0.0.0/0x18',
  ),
  fc.integer({ min: 33, max: 10_000 }).map((bits) => `10.1.0.0/${bits}`),
  oddString,
);

/** Not a port number as text (Docker sends ports as strings in places). */
export const badPortText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '65536',
    '99999',
    '1e3',
    '0x50',
    '8080/tcp',
    '80-90',
    'http',
    ' ',
    '+80',
    '80.0',
  ),
  fc.integer({ min: 65_536, max: 10_000_000 }).map(String),
);

/** Percent-encodes every byte but unreserved ones; a lone surrogate goes as U+FFFD, as UTF-8 has no other way. */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/**
 * A subnet that is a CIDR but no network may have: host bits set, too small for a gateway, or in a
 * reserved block (loopback, "this network", multicast, class E).
 */
export const unusableSubnet: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '10.99.0.0/31',
    '10.99.0.0/32',
    '10.99.0.7/24',
    '0.0.0.0/0',
    '127.0.0.0/8',
    '127.1.0.0/16',
    '0.0.0.0/8',
  ),
  fc
    .tuple(fc.integer({ min: 224, max: 255 }), fc.integer({ min: 8, max: 30 }))
    .map(([octet, bits]) => `${octet}.0.0.0/${bits}`),
);

/** IPAM settings that contradict their subnet (10.99.0.0/24): outside it, or its network/broadcast address. */
export const contradictingIpam: fc.Arbitrary<{ gateway?: string; ipRange?: string; aux?: string }> = fc.oneof(
  fc.constantFrom('10.98.0.1', '10.99.0.0', '10.99.0.255', '10.99.1.1').map((gateway) => ({ gateway })),
  fc.constantFrom('10.98.0.0/25', '10.99.0.0/16', '10.0.0.0/8').map((ipRange) => ({ ipRange })),
  fc.constantFrom('10.98.0.5', '192.168.0.1').map((aux) => ({ aux })),
);
