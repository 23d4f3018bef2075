import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, lineLogger, routeConsole } from './logger.js';

afterEach(() => vi.restoreAllMocks());

describe('the logger', () => {
  it('writes leveled lines with secrets taken out, and routes console.* to it', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const original = { ...console };
    const logger = createLogger('agent', { level: 'info', pretty: true });
    const log = lineLogger(logger);
    log('joined control plane https://192.168.99.1:7080 as node n1 (sy-host1)');
    log(`resync failed: token SYJOIN-1-${'b'.repeat(64)}-${'s'.repeat(40)} refused`);
    routeConsole(logger);
    try {
      console.error('cannot shut down:', new Error('boom'));
      console.debug('hidden below info');
    } finally {
      Object.assign(console, original);
    }
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/ INFO {2}agent: joined control plane https:\/\/192\.168\.99\.1:7080/);
    expect(written[1]).toContain('WARN  agent: resync failed: token SYJOIN-1-');
    expect(written[1]).toContain('-[redacted] refused');
    expect(written[1]).not.toContain('sssssssss');
    expect(written[2]).toMatch(/ERROR agent: cannot shut down: boom\nError: boom/);
  });
});
