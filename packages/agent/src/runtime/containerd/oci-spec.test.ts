import { describe, expect, it } from 'vitest';
import { defaultCapabilities, renderSpec } from './oci-spec.js';

const input = {
  args: ['httpd', '-f'],
  env: { PATH: '/bin', GREETING: 'hi' },
  user: { uid: 101, gid: 102, additionalGids: [200] },
  cwd: '/www',
  hostname: 'web-1',
  rootfs: '/state/bundles/c1/rootfs',
  netnsPath: '/run/netns/sy-c1',
  etc: {
    resolvConf: '/etc/netns/sy-c1/resolv.conf',
    hosts: '/etc/netns/sy-c1/hosts',
    hostname: '/state/bundles/c1/hostname',
  },
  cgroupsPath: '/switchyard-c1',
};

type Spec = {
  process: { args: string[]; env: string[]; user: object; cwd: string; capabilities: { bounding: string[] } };
  root: { path: string };
  hostname: string;
  mounts: { destination: string; type: string; source: string; options: string[] }[];
  linux: {
    namespaces: { type: string; path?: string }[];
    sysctl: object;
    maskedPaths: string[];
    readonlyPaths: string[];
    cgroupsPath: string;
  };
};

describe('renderSpec', () => {
  const spec = renderSpec(input) as Spec;

  it('runs the command as the resolved user, in its directory, with its environment', () => {
    expect(spec.process.args).toEqual(['httpd', '-f']);
    expect(spec.process.user).toEqual({ uid: 101, gid: 102, additionalGids: [200] });
    expect(spec.process.cwd).toBe('/www');
    expect(spec.process.env).toEqual(['PATH=/bin', 'HOSTNAME=web-1', 'HOME=/root', 'GREETING=hi']);
    expect(spec.hostname).toBe('web-1');
    expect(spec.root.path).toBe('/state/bundles/c1/rootfs');
    expect(spec.process.capabilities.bounding).toEqual(defaultCapabilities);
  });

  it('gives it its own PID, IPC, UTS and mount namespaces and joins the sandbox network namespace', () => {
    expect(spec.linux.namespaces).toEqual([
      { type: 'pid' },
      { type: 'ipc' },
      { type: 'uts' },
      { type: 'mount' },
      { type: 'network', path: '/run/netns/sy-c1' },
    ]);
    expect(spec.linux.sysctl).toEqual({
      'net.ipv4.ip_unprivileged_port_start': '0',
      'net.ipv4.ping_group_range': '0 2147483647',
    });
    expect(spec.linux.cgroupsPath).toBe('/switchyard-c1');
  });

  it("mounts Docker's defaults and the sandbox's files read-only", () => {
    expect(spec.mounts.map((mount) => mount.destination)).toEqual([
      '/proc',
      '/dev',
      '/dev/pts',
      '/sys',
      '/sys/fs/cgroup',
      '/dev/mqueue',
      '/dev/shm',
      '/etc/resolv.conf',
      '/etc/hosts',
      '/etc/hostname',
    ]);
    expect(spec.mounts.at(-3)).toEqual({
      destination: '/etc/resolv.conf',
      type: 'bind',
      source: '/etc/netns/sy-c1/resolv.conf',
      options: ['rbind', 'ro'],
    });
    expect(spec.linux.maskedPaths).toContain('/proc/kcore');
    expect(spec.linux.readonlyPaths).toContain('/proc/sys');
  });

  it("defaults: `/` as directory, Docker's PATH; host mode joins no namespace and sets no sysctl", () => {
    const host = renderSpec({ ...input, cwd: '', env: {}, netnsPath: null }) as Spec;
    expect(host.process.cwd).toBe('/');
    expect(host.process.env[0]).toBe('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(host.linux.namespaces.map((ns) => ns.type)).toEqual(['pid', 'ipc', 'uts', 'mount']);
    expect(host.linux.sysctl).toEqual({});
  });
});
