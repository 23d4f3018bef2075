import { type DesiredSandbox, desiredSandboxSchema } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { parseResolvConf, renderHosts, renderSandboxResolvConf } from './resolv-conf.js';

const host = parseResolvConf(
  '# generated\nnameserver 10.255.255.53\nnameserver 127.0.0.53 # local\ndomain a.example\nsearch corp.example lab.example\noptions edns0 trust-ad\n',
);

function sandbox(dns: Record<string, unknown>, endpoints: unknown[] = []): DesiredSandbox {
  return desiredSandboxSchema.parse({
    id: 's1',
    name: 'web',
    hostname: 'web-host',
    netns: 'sy-sb-s1',
    workload: { image: 'switchyard/whoami', command: [], env: {} },
    running: true,
    startGeneration: 1,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    endpoints,
    ports: [],
    dns: { embedded: false, servers: [], search: [], records: [], ...dns },
  });
}

describe('resolv.conf', () => {
  it('parses nameservers, the last search line and options', () => {
    expect(host).toEqual({
      nameservers: ['10.255.255.53', '127.0.0.53'],
      search: ['corp.example', 'lab.example'],
      options: ['edns0', 'trust-ad'],
    });
  });

  it('points embedded sandboxes at 127.0.0.11 with ndots:0', () => {
    expect(renderSandboxResolvConf(sandbox({ embedded: true }), host)).toBe(
      'nameserver 127.0.0.11\nsearch corp.example lab.example\noptions ndots:0\n',
    );
    expect(renderSandboxResolvConf(sandbox({ embedded: true, search: ['svc.example'] }), host)).toBe(
      'nameserver 127.0.0.11\nsearch svc.example\noptions ndots:0\n',
    );
  });

  it('gives other sandboxes --dns, or the host servers minus loopback ones', () => {
    expect(renderSandboxResolvConf(sandbox({ servers: ['1.1.1.1'] }), host)).toBe(
      'nameserver 1.1.1.1\nsearch corp.example lab.example\noptions edns0 trust-ad\n',
    );
    expect(renderSandboxResolvConf(sandbox({}), host)).toBe(
      'nameserver 10.255.255.53\nsearch corp.example lab.example\noptions edns0 trust-ad\n',
    );
  });
});

describe('hosts', () => {
  it('names localhost and the sandbox hostname at its first address', () => {
    const endpoint = {
      networkId: 'n1',
      interfaceName: 'eth0',
      address: '172.18.0.5',
      prefixLength: 16,
      gateway: '172.18.0.1',
      mac: '02:42:ac:12:00:05',
    };
    expect(renderHosts(sandbox({}, [endpoint]))).toBe(
      '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n172.18.0.5\tweb-host\n',
    );
    expect(renderHosts(sandbox({}))).not.toContain('web-host');
  });
});
