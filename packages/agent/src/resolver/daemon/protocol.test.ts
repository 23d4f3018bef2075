import { describe, expect, it } from 'vitest';
import {
  encodeLine,
  LineReader,
  parseReply,
  parseRequest,
  requestIdOf,
  resolverLaunchSchema,
  sameResolver,
} from './protocol.js';

const sandbox = {
  id: 's1',
  name: 'client-1',
  hostname: 'client',
  netns: 'sy-s1',
  workload: { image: 'switchyard/toolbox', command: [], env: {} },
  running: true,
  startGeneration: 1,
  restartPolicy: { name: 'no', maximumRetryCount: 0 },
  endpoints: [],
  ports: [],
  dns: { embedded: true, servers: [], search: [], records: [{ name: 'web', address: '10.0.0.2' }] },
};

describe('agent-to-resolver messages', () => {
  it('parses every request the agent sends, sandboxes with their defaults filled in', () => {
    const sync = parseRequest(JSON.stringify({ op: 'sync', id: 3, sandboxes: [sandbox] }));
    expect(sync.ok && sync.value.op === 'sync' && sync.value.sandboxes[0]?.dns.srv).toEqual([]);
    for (const request of [
      { op: 'hello', id: 1 },
      { op: 'prepare', sandboxes: [sandbox] },
      { op: 'prepareSpare', netns: 'sy-spare' },
      { op: 'adoptSpare', spare: 'sy-spare', sandbox },
      { op: 'dropSpare', spare: 'sy-spare' },
      { op: 'stop', id: 2 },
    ])
      expect(parseRequest(encodeLine(request as never).trim())).toMatchObject({ ok: true, value: request });
  });

  it('names the field of a bad request, and still finds its id so the agent gets an answer', () => {
    const line = JSON.stringify({ op: 'sync', id: 7, sandboxes: [{ ...sandbox, netns: 5 }] });
    const parsed = parseRequest(line);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^sandboxes\.0\.netns: /);
    expect(requestIdOf(line)).toBe(7);
    expect(parseRequest('{"op":"reboot","id":1}').ok).toBe(false);
    expect(parseRequest('not json')).toEqual({ ok: false, error: 'not JSON' });
    expect(requestIdOf('not json')).toBeUndefined();
    expect(requestIdOf('{"id":-1}')).toBeUndefined();
  });

  it('parses replies: hello, done, failures by sandbox, log lines, and another agent taking over', () => {
    const hello = { protocol: 1, version: '0.1.0', upstreams: null, pid: 42 };
    expect(parseReply(JSON.stringify({ id: 1, ok: true, hello }))).toEqual({
      ok: true,
      value: { id: 1, ok: true, hello },
    });
    expect(parseReply('{"id":2,"ok":true}')).toEqual({ ok: true, value: { id: 2, ok: true } });
    const failed = { id: 3, ok: false, error: 'x', failures: [{ sandboxId: 's1', reason: 'gone' }] };
    expect(parseReply(JSON.stringify(failed))).toEqual({ ok: true, value: failed });
    expect(parseReply('{"log":"embedded DNS in sy-s1: boom"}')).toEqual({
      ok: true,
      value: { log: 'embedded DNS in sy-s1: boom' },
    });
    expect(parseReply('{"superseded":true}')).toEqual({ ok: true, value: { superseded: true } });
    expect(parseReply('{"id":4,"ok":false}').ok).toBe(false);
  });

  it('reads the launch argument', () => {
    const launch = { protocol: 1, version: '0.1.0', upstreams: [], socket: '/s', pidFile: '/p' };
    expect(resolverLaunchSchema.parse(launch)).toEqual(launch);
    expect(resolverLaunchSchema.safeParse({ ...launch, socket: '' }).success).toBe(false);
  });
});

describe('sameResolver', () => {
  const identity = { protocol: 1, version: '0.1.0', upstreams: ['10.0.0.53'] };
  it('keeps a resolver of the same protocol, version and upstreams, and replaces any other', () => {
    expect(sameResolver(identity, { ...identity, upstreams: ['10.0.0.53'] })).toBe(true);
    expect(sameResolver(identity, { ...identity, protocol: 2 })).toBe(false);
    expect(sameResolver(identity, { ...identity, version: '0.2.0' })).toBe(false);
    expect(sameResolver(identity, { ...identity, upstreams: null })).toBe(false);
    expect(sameResolver(identity, { ...identity, upstreams: [] })).toBe(false);
  });
});

describe('LineReader', () => {
  it('splits lines across and within chunks', () => {
    const reader = new LineReader();
    expect(reader.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(reader.push(':2}\n\n{"c":3}\n')).toEqual(['{"b":2}', '{"c":3}']);
    expect(reader.push('')).toEqual([]);
  });
});
