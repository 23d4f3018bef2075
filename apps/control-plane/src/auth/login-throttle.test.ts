import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('refuses after the limit of failures and allows again once the window passes', () => {
    const throttle = new LoginThrottle(3, 60_000);
    for (let i = 0; i < 3; i++) throttle.fail('admin@1.2.3.4', 1_000 + i);
    expect(throttle.retryAfterSeconds('admin@1.2.3.4', 2_000)).toBe(59);
    expect(throttle.retryAfterSeconds('other@1.2.3.4', 2_000)).toBe(0);
    expect(throttle.retryAfterSeconds('admin@1.2.3.4', 62_000)).toBe(0);
  });

  it('forgets failures after a successful login', () => {
    const throttle = new LoginThrottle(2, 60_000);
    throttle.fail('u', 1);
    throttle.fail('u', 2);
    throttle.succeed('u');
    expect(throttle.retryAfterSeconds('u', 3)).toBe(0);
  });
});
