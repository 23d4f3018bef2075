import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { originAllowed } from './cross-origin.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('originAllowed', () => {
  it('allows the dashboard on another port of the same host', () => {
    expect(originAllowed(request({ origin: 'http://localhost:3000', host: 'localhost:7080' }), [])).toBe(
      true,
    );
  });

  it('refuses another site', () => {
    expect(originAllowed(request({ origin: 'https://evil.example', host: 'localhost:7080' }), [])).toBe(
      false,
    );
  });

  it('allows configured origins and clients that send no origin (agents)', () => {
    expect(
      originAllowed(request({ origin: 'https://dash.example', host: 'cp:7080' }), ['https://dash.example']),
    ).toBe(true);
    expect(originAllowed(request({ host: 'cp:7080' }), [])).toBe(true);
  });
});
