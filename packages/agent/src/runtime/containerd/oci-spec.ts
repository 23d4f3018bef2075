import type { ResolvedUser } from './user.js';

/** What one container's runtime spec is made of; every path is the host's. */
export interface ContainerSpecInput {
  /** The command, already resolved (entrypoint + cmd). */
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  user: ResolvedUser;
  /** Empty: `/`. */
  cwd: string;
  hostname: string;
  /** The mounted root filesystem. */
  rootfs: string;
  /** The sandbox's network namespace (`/run/netns/<name>`); null: the host's (host mode). */
  netnsPath: string | null;
  /** Bind-mounted read-only over the container's /etc files. */
  etc: { resolvConf: string; hosts: string; hostname: string };
  cgroupsPath: string;
}

/** Docker's default capabilities. */
export const defaultCapabilities = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

const maskedPaths = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

const readonlyPaths = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

const defaultMounts = [
  { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
  {
    destination: '/dev',
    type: 'tmpfs',
    source: 'tmpfs',
    options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
  },
  {
    destination: '/dev/pts',
    type: 'devpts',
    source: 'devpts',
    options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
  },
  { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  {
    destination: '/sys/fs/cgroup',
    type: 'cgroup',
    source: 'cgroup',
    options: ['ro', 'nosuid', 'noexec', 'nodev'],
  },
  { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
  {
    destination: '/dev/shm',
    type: 'tmpfs',
    source: 'shm',
    options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
  },
];

/** Docker's default PATH for a container whose image sets none. */
const containerPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function bind(source: string, destination: string) {
  return { destination, type: 'bind', source, options: ['rbind', 'ro'] };
}

/**
 * The OCI runtime spec of a container run as Docker runs one: its own PID, IPC, UTS and mount
 * namespaces, the sandbox's network namespace joined, Docker's capabilities, masked and read-only
 * paths and mounts, and the sandbox's resolv.conf, hosts and hostname over the image's.
 */
export function renderSpec(input: ContainerSpecInput): object {
  const env = { PATH: containerPath, HOSTNAME: input.hostname, HOME: '/root', ...input.env };
  const network = input.netnsPath === null ? [] : [{ type: 'network', path: input.netnsPath }];
  return {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: false,
      user: {
        uid: input.user.uid,
        gid: input.user.gid,
        ...(input.user.additionalGids.length > 0 ? { additionalGids: input.user.additionalGids } : {}),
      },
      args: [...input.args],
      env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
      cwd: input.cwd === '' ? '/' : input.cwd,
      capabilities: {
        bounding: defaultCapabilities,
        effective: defaultCapabilities,
        permitted: defaultCapabilities,
      },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: input.rootfs, readonly: false },
    hostname: input.hostname,
    mounts: [
      ...defaultMounts,
      bind(input.etc.resolvConf, '/etc/resolv.conf'),
      bind(input.etc.hosts, '/etc/hosts'),
      bind(input.etc.hostname, '/etc/hostname'),
    ],
    linux: {
      // As Docker in a namespace of the container's own: any user may bind low ports and ping.
      sysctl:
        input.netnsPath === null
          ? {}
          : { 'net.ipv4.ip_unprivileged_port_start': '0', 'net.ipv4.ping_group_range': '0 2147483647' },
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      cgroupsPath: input.cgroupsPath,
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, ...network],
      maskedPaths,
      readonlyPaths,
    },
  };
}
