import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readCookie, readSessionCookie, sessionCookie } from './cookies.js';

describe('session cookie', () => {
  it('is HttpOnly and SameSite, and Secure over TLS or on localhost', () => {
    const overTls = sessionCookie('abc', 60, { secureTransport: true, loopbackHost: false });
    expect(overTls).toContain('HttpOnly');
    expect(overTls).toContain('SameSite=Lax');
    expect(overTls).toContain('Secure');
    expect(sessionCookie('abc', 60, { secureTransport: false, loopbackHost: true })).toContain('Secure');
    expect(sessionCookie('abc', 60, { secureTransport: false, loopbackHost: false })).not.toContain('Secure');
  });

  it('is __Host- prefixed over HTTPS, and read under either name', () => {
    expect(sessionCookie('abc', 60, { secureTransport: true, loopbackHost: false })).toMatch(
      /^__Host-sy_session=abc; Path=\/;.*Secure/,
    );
    expect(sessionCookie('abc', 60, { secureTransport: false, loopbackHost: true })).toMatch(
      /^sy_session=abc;/,
    );
    expect(clearedSessionCookie({ secureTransport: true, loopbackHost: false })).toMatch(
      /^__Host-sy_session=;/,
    );
    expect(readSessionCookie('__Host-sy_session=a; b=1')).toBe('a');
    expect(readSessionCookie('sy_session=b')).toBe('b');
  });

  it('reads one cookie out of a header with several', () => {
    expect(readCookie('a=1; sy_session=tok%3Dx; b=2', 'sy_session')).toBe('tok=x');
    expect(readCookie('a=1', 'sy_session')).toBeUndefined();
    expect(readCookie(undefined, 'sy_session')).toBeUndefined();
  });

  it('reads a malformed %-escape as no cookie, not a server error', () => {
    expect(readCookie('sy_session=%E0%A4%A', 'sy_session')).toBeUndefined();
  });
});
