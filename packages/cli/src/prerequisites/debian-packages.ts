/**
 * Everything Switchyard needs from the machine, and the Debian packages that give it: the one list
 * the prerequisites check, `npm start`, `npm test` (its pretest) and `.ci/run` all read.
 */
export interface MachineRequirement {
  /** What the check prints, e.g. "nftables (nft)". */
  name: string;
  /** The Debian packages that provide it. */
  packages: readonly string[];
  /** Commands that succeed when it is there. */
  probes: readonly (readonly [string, ...string[]])[];
  /** `start`: `npm start` needs it (and so do the tests); `test`: only the tests and benchmarks do. */
  neededFor: 'start' | 'test';
  /** Why it is needed: printed when it is installed. */
  why: string;
  /** Set when Switchyard starts without it: what is lost. */
  optional?: string;
}

export const machineRequirements: readonly MachineRequirement[] = [
  {
    name: 'iproute2 (ip)',
    packages: ['iproute2'],
    probes: [['ip', '-V']],
    neededFor: 'start',
    why: 'the lab and the agents plumb namespaces, links and routes with ip',
  },
  {
    name: 'nftables (nft)',
    packages: ['nftables'],
    probes: [['nft', '--version']],
    neededFor: 'start',
    why: "the agents' rules: isolation, published ports, service VIPs",
  },
  {
    name: 'ping (iputils-ping)',
    packages: ['iputils-ping'],
    probes: [['ping', '-V']],
    neededFor: 'start',
    why: 'health checks and diagnostics ping',
  },
  {
    name: 'HAProxy (haproxy)',
    packages: ['haproxy'],
    probes: [['haproxy', '-v']],
    neededFor: 'start',
    why: "the HTTP routing mesh's proxy on every host",
  },
  {
    name: 'containerd, ctr and runc',
    packages: ['containerd', 'runc'],
    probes: [
      ['containerd', '--version'],
      ['ctr', '--version'],
      ['runc', '--version'],
    ],
    neededFor: 'start',
    why: "the lab's containerd runs every image but the built-in ones",
    optional: 'loaded OCI images cannot run; the built-in images still do',
  },
  {
    name: 'curl, dig, nc and tcpdump',
    packages: ['curl', 'dnsutils', 'netcat-openbsd', 'tcpdump'],
    probes: [
      ['curl', '--version'],
      ['dig', '-v'],
      ['nc', '-h'],
      ['tcpdump', '--version'],
    ],
    neededFor: 'start',
    why: "the dashboard's diagnostics probe and capture with them",
    optional: "the dashboard's diagnostics cannot probe or capture",
  },
  {
    name: 'iptables and conntrack',
    packages: ['iptables', 'conntrack'],
    probes: [
      ['iptables', '--version'],
      ['conntrack', '--version'],
    ],
    neededFor: 'test',
    why: 'tests and benchmarks read the kernel as Docker leaves it',
  },
  {
    name: 'openssl',
    packages: ['openssl'],
    probes: [['openssl', 'version']],
    neededFor: 'test',
    why: 'a TLS test of the routing mesh',
  },
  {
    name: 'busybox (static)',
    packages: ['busybox-static'],
    probes: [['busybox', '--help']],
    neededFor: 'test',
    why: 'the test image of OCI containers is made of it',
  },
  {
    name: 'Chromium',
    packages: ['chromium'],
    probes: [['chromium', '--version']],
    neededFor: 'test',
    why: 'the end-to-end tests drive the dashboard in it',
  },
  {
    name: 'docker CLI, docker-compose and unzip',
    packages: ['docker.io', 'docker-compose', 'unzip'],
    probes: [
      ['docker', '--version'],
      ['docker-compose', 'version'],
      ['unzip', '-v'],
    ],
    neededFor: 'test',
    why: 'tests drive Switchyard with the unmodified docker CLI and compose, and open client bundles',
  },
  {
    name: 'iperf3, dnsmasq and ps',
    packages: ['iperf3', 'dnsmasq-base', 'procps'],
    probes: [
      ['iperf3', '--version'],
      ['dnsmasq', '--version'],
      ['ps', '--version'],
    ],
    neededFor: 'test',
    why: 'benchmarks compare with them; tests list processes',
  },
];

/** What `npm start` needs, or what `npm test` needs (everything). */
export function requirementsFor(purpose: 'start' | 'test'): MachineRequirement[] {
  return machineRequirements.filter((requirement) => purpose === 'test' || requirement.neededFor === 'start');
}
