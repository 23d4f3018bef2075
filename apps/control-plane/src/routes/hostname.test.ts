import { describe, expect, it } from 'vitest';
import { routeInputSchema } from '@switchyard/contracts';
import { ServiceError, parseInput } from '../errors.js';

const hostname = (value: string) => {
  try {
    return parseInput(routeInputSchema, { hostname: value, service: 'web', internalPort: 80 }).hostname;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
};

describe('route hostnames', () => {
  it('accepts RFC 1123 names and one leading wildcard label, lower-cased', () => {
    expect(hostname(' Foo.Example.COM ')).toBe('foo.example.com');
    expect(hostname('a-b.c1.example.com')).toBe('a-b.c1.example.com');
    expect(hostname('*.example.com')).toBe('*.example.com');
    expect(hostname('localhost')).toBe('localhost');
    expect(hostname(`${'a'.repeat(63)}.example.com`)).toBe(`${'a'.repeat(63)}.example.com`);
  });

  it('refuses the rest, naming the field and the reason', () => {
    expect(hostname('')).toMatchObject({
      field: 'hostname',
      message: expect.stringMatching(/^hostname: is required/),
    });
    const cases: [string, string][] = [
      ['foo..example.com', 'hostname: has an empty label (two dots in a row, or a dot at either end)'],
      ['foo.example.com.', 'hostname: has an empty label (two dots in a row, or a dot at either end)'],
      [
        '-foo.example.com',
        'hostname: has an invalid label "-foo": use a-z, 0-9 and inner hyphens, at most 63 characters',
      ],
      [
        'foo_bar.example.com',
        'hostname: has an invalid label "foo_bar": use a-z, 0-9 and inner hyphens, at most 63 characters',
      ],
      [
        `${'a'.repeat(64)}.example.com`,
        `hostname: has an invalid label "${'a'.repeat(64)}": use a-z, 0-9 and inner hyphens, at most 63 characters`,
      ],
      [
        'foo.example.com:80',
        'hostname: has an invalid label "com:80": use a-z, 0-9 and inner hyphens, at most 63 characters',
      ],
      ['www.*.example.com', 'hostname: may use * only as a whole first label, as in *.example.com'],
      ['*.com', 'hostname: a wildcard needs a domain under it, as in *.example.com'],
      ['*', 'hostname: may use * only as a whole first label, as in *.example.com'],
      [`${'a.'.repeat(127)}ab`, 'hostname: must be at most 253 characters'],
    ];
    for (const [value, message] of cases) {
      expect(hostname(value), value).toMatchObject({ code: 'BAD_REQUEST', field: 'hostname', message });
    }
  });
});
