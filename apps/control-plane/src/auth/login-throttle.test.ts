import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('refuses a peer after its limit of attempts and allows it again once the window passes', () => {
    const throttle = new LoginThrottle(3, 60_000, 100);
    for (let i = 0; i < 3; i++) expect(throttle.admit('1.2.3.4', 1, 1_000 + i).ok).toBe(true);
    expect(throttle.admit('1.2.3.4', 1, 2_000)).toEqual({ ok: false, retryAfterSeconds: 59, global: false });
    expect(throttle.admit('5.6.7.8', 1, 2_000).ok).toBe(true);
    expect(throttle.admit('1.2.3.4', 1, 62_000).ok).toBe(true);
  });

  it('gives a successful login its attempt back', () => {
    const throttle = new LoginThrottle(2, 60_000, 100);
    for (let i = 0; i < 10; i++) {
      expect(throttle.admit('u', 1, i).ok).toBe(true);
      throttle.succeed('u', i);
    }
  });

  it('counts a batch of N attempts as N, refusing all of them when they do not fit', () => {
    const throttle = new LoginThrottle(5, 60_000, 100);
    expect(throttle.admit('1.2.3.4', 6, 0).ok).toBe(false);
    expect(throttle.admit('1.2.3.4', 5, 0).ok).toBe(true);
    expect(throttle.admit('1.2.3.4', 1, 0).ok).toBe(false);
  });

  it('holds a global ceiling across every peer', () => {
    const throttle = new LoginThrottle(5, 60_000, 8);
    for (let peer = 0; peer < 8; peer++) expect(throttle.admit(`10.0.0.${peer}`, 1, 0).ok).toBe(true);
    expect(throttle.admit('10.0.0.99', 1, 0)).toMatchObject({ ok: false, global: true });
  });
});
