import { describe, expect, it } from 'vitest';
import { machineRequirements, requirementsFor } from './debian-packages.js';
import { planInstall } from './install-plan.js';

const named = (...names: string[]) =>
  machineRequirements.filter((requirement) => names.includes(requirement.name));
const fresh = { noInstall: false, isRoot: true, hasApt: true };

describe('the installer’s plan', () => {
  it('installs nothing when nothing is missing', () => {
    expect(planInstall({ ...fresh, missing: [] })).toEqual({ action: 'none' });
  });

  it('installs what a machine without haproxy and nftables lacks, non-interactively, saying why once', () => {
    const plan = planInstall({ ...fresh, missing: named('nftables (nft)', 'HAProxy (haproxy)') });
    expect(plan).toEqual({
      action: 'install',
      packages: ['nftables', 'haproxy'],
      announcement: [
        'Installing the Debian packages this machine lacks (apt-get install -y nftables haproxy):',
        "  nftables: the agents' rules: isolation, published ports, service VIPs",
        "  haproxy: the HTTP routing mesh's proxy on every host",
        '  (SWITCHYARD_NO_INSTALL=1 only checks)',
      ],
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', 'nftables', 'haproxy'],
      ],
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
  });

  it('installs every package of a requirement, each once', () => {
    const plan = planInstall({
      ...fresh,
      missing: named('containerd, ctr and runc', 'containerd, ctr and runc'),
    });
    expect(plan.action === 'install' && plan.packages).toEqual(['containerd', 'runc']);
  });

  it.each([
    [{ noInstall: true }, 'SWITCHYARD_NO_INSTALL is set: nothing is installed (apt-get install haproxy)'],
    [{ isRoot: false }, 'not running as root: run as root to have them installed (apt-get install haproxy)'],
    [
      { hasApt: false },
      'apt-get is not there: install them with your package manager (apt-get install haproxy)',
    ],
  ])('only reports what is missing when %o', (situation, reason) => {
    expect(planInstall({ ...fresh, ...situation, missing: named('HAProxy (haproxy)') })).toEqual({
      action: 'report',
      lines: ["missing: HAProxy (haproxy) (haproxy: the HTTP routing mesh's proxy on every host)", reason],
    });
  });

  it('asks npm start for what it runs with and npm test for all of .ci/run’s packages', () => {
    const packages = (purpose: 'start' | 'test') =>
      requirementsFor(purpose).flatMap((requirement) => requirement.packages);
    expect(packages('start')).toEqual([
      'iproute2',
      'nftables',
      'iputils-ping',
      'haproxy',
      'containerd',
      'runc',
      'curl',
      'dnsutils',
      'netcat-openbsd',
      'tcpdump',
    ]);
    expect(new Set(packages('test'))).toEqual(
      new Set([
        ...packages('start'),
        'iptables',
        'conntrack',
        'openssl',
        'busybox-static',
        'chromium',
        'docker.io',
        'docker-compose',
        'unzip',
        'iperf3',
        'dnsmasq-base',
        'procps',
      ]),
    );
  });
});
