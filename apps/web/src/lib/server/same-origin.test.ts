import { describe, expect, it } from 'vitest';
import { refuseForeignRequest } from './same-origin';

const post = (headers: Record<string, string>) => ({
  method: 'POST',
  headers: new Headers({ host: 'localhost:3000', 'content-type': 'application/json', ...headers }),
});

describe('refuseForeignRequest', () => {
  it('lets the dashboard’s own pages post JSON, and anyone read', () => {
    expect(
      refuseForeignRequest(post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' })),
    ).toBeNull();
    expect(
      refuseForeignRequest({ method: 'GET', headers: new Headers({ origin: 'http://evil.example' }) }),
    ).toBeNull();
  });

  it('refuses another origin, another port of the same host and cross-site fetches with 403', () => {
    expect(refuseForeignRequest(post({ origin: 'http://evil.example' }))?.status).toBe(403);
    expect(refuseForeignRequest(post({ origin: 'http://localhost:80' }))?.status).toBe(403);
    expect(refuseForeignRequest(post({ 'sec-fetch-site': 'cross-site' }))?.status).toBe(403);
    expect(refuseForeignRequest(post({ origin: 'null' }))?.status).toBe(403);
  });

  it.each(['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'])(
    'refuses a %s body with 415',
    (contentType) => {
      const refusal = refuseForeignRequest(
        post({ origin: 'http://localhost:3000', 'content-type': contentType }),
      );
      expect(refusal?.status).toBe(415);
    },
  );

  it('takes the media types a route accepts instead of JSON (an image archive upload)', () => {
    const upload = post({ origin: 'http://localhost:3000', 'content-type': 'application/x-tar' });
    expect(refuseForeignRequest(upload, ['application/x-tar'])).toBeNull();
    expect(refuseForeignRequest(upload)?.status).toBe(415);
    const form = post({ origin: 'http://localhost:3000', 'content-type': 'multipart/form-data; boundary=x' });
    expect(refuseForeignRequest(form, ['application/x-tar'])?.message).toBe(
      'content-type must be application/x-tar, not multipart/form-data; boundary=x',
    );
  });
});
