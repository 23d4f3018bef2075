import { probeSpecSchema } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { probeCommand } from './probe-command.js';

const command = (input: unknown, netns: string | null = 'sy-host1-sb-abc') =>
  probeCommand(probeSpecSchema.parse(input), netns);

describe('probeCommand', () => {
  it('runs every tool inside the sandbox with ip netns exec, one argument an element', () => {
    expect(command({ tool: 'dns', name: 'web' }).argv).toEqual([
      'ip',
      'netns',
      'exec',
      'sy-host1-sb-abc',
      'dig',
      '@127.0.0.11',
      '+time=2',
      '+tries=1',
      'web',
      'A',
      '+noall',
      '+answer',
      '+comments',
    ]);
    expect(command({ tool: 'dns', name: '_80._tcp.web', type: 'SRV' }).argv).toContain('SRV');
  });

  it('runs in the agent’s own namespace for a host-mode sandbox', () => {
    expect(command({ tool: 'ping', host: '10.0.0.2' }, null).argv).toEqual([
      'ping',
      '-n',
      '-c',
      '3',
      '-i',
      '0.2',
      '-W',
      '1',
      '10.0.0.2',
    ]);
  });

  it('builds a TCP connect, an HTTP GET and a bounded capture', () => {
    expect(command({ tool: 'tcp', host: 'web', port: 80 }, null).argv).toEqual([
      'nc',
      '-vz',
      '-w',
      '3',
      'web',
      '80',
    ]);
    expect(command({ tool: 'http', host: 'web', port: 8080, path: '/health?x=1' }, null).argv.at(-1)).toBe(
      'http://web:8080/health?x=1',
    );
    const capture = command(
      { tool: 'capture', seconds: 4, maxPackets: 50, protocol: 'tcp', host: '10.0.0.2', port: 80 },
      null,
    );
    expect(capture.argv).toEqual([
      'tcpdump',
      '-i',
      'any',
      '-nn',
      '-l',
      '-c',
      '50',
      'tcp',
      'and',
      'host',
      '10.0.0.2',
      'and',
      'port',
      '80',
    ]);
    expect(capture.stopAfterMs).toBe(4_000);
    expect(capture.killAfterMs).toBeGreaterThan(4_000);
  });

  it('sends a DF ping of a set size and an HTTP GET with a Host header, each value one argument', () => {
    expect(
      command({ tool: 'ping', host: '10.0.1.5', count: 2, size: 1422, dontFragment: true }, null).argv,
    ).toEqual(['ping', '-n', '-c', '2', '-i', '0.2', '-W', '1', '-M', 'do', '-s', '1422', '10.0.1.5']);
    const http = command({ tool: 'http', host: '192.168.99.11', hostHeader: 'foo.example.com' }, null).argv;
    expect(http.slice(-3)).toEqual(['-H', 'Host: foo.example.com', 'http://192.168.99.11:80/']);
  });

  it('is never handed an option or a shell word: the contracts refuse them first', () => {
    for (const bad of [
      { tool: 'dns', name: '-f/etc/passwd' },
      { tool: 'ping', host: 'web;reboot' },
      { tool: 'tcp', host: 'web', port: 0 },
      { tool: 'http', host: 'web', path: 'no-slash' },
      { tool: 'http', host: 'web', path: '/a b' },
      { tool: 'capture', seconds: 11 },
      { tool: 'capture', maxPackets: 501 },
      { tool: 'ping', host: 'web', count: 6 },
      { tool: 'ping', host: 'web', size: '-f' },
      { tool: 'ping', host: 'web', size: 70_000 },
      { tool: 'ping', host: 'web', dontFragment: 'do' },
      { tool: 'http', host: 'web', hostHeader: 'a.example.com\r\nX-Evil: 1' },
      { tool: 'http', host: 'web', hostHeader: '-H' },
    ]) {
      expect(probeSpecSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
