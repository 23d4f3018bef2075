import { arch, cpus, hostname, release, totalmem } from 'node:os';
import { builtinImages, networkDriverSchema } from '@switchyard/contracts';
import { apiVersion, minApiVersion } from './api-version.js';
import { sendJson } from './http-io.js';
import { toSwarmInfo } from './swarm-info.js';
import { viewer, route, type RequestContext, type Route } from './router.js';

const goArch = arch() === 'x64' ? 'amd64' : arch();

function ping({ req, res }: RequestContext): Promise<void> {
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    Pragma: 'no-cache',
    // The CLI offers `docker service` and `docker node` only to a swarm manager.
    Swarm: 'active/manager',
  });
  res.end(req.method === 'HEAD' ? undefined : 'OK');
  return Promise.resolve();
}

function version({ res, deps }: RequestContext): Promise<void> {
  const details = {
    ApiVersion: apiVersion,
    MinAPIVersion: minApiVersion,
    GitCommit: '',
    GoVersion: `node${process.versions.node}`,
    Os: 'linux',
    Arch: goArch,
    KernelVersion: release(),
    BuildTime: '',
    Experimental: 'false',
  };
  sendJson(res, 200, {
    Platform: { Name: 'Switchyard' },
    Components: [{ Name: 'Engine', Version: deps.version, Details: details }],
    Version: deps.version,
    ...details,
    Experimental: false,
  });
  return Promise.resolve();
}

async function info({ res, deps }: RequestContext): Promise<void> {
  const [containers, nodes] = await Promise.all([
    deps.containers.list({ all: true }),
    deps.swarm.nodes.list(),
  ]);
  const count = (statuses: string[]): number => containers.filter((c) => statuses.includes(c.status)).length;
  sendJson(res, 200, {
    ID: '',
    Name: hostname(),
    ServerVersion: deps.version,
    Containers: containers.length,
    ContainersRunning: count(['running', 'restarting']),
    ContainersPaused: 0,
    ContainersStopped: count(['created', 'exited', 'dead']),
    Images: builtinImages.length,
    Driver: 'switchyard',
    DriverStatus: [],
    Plugins: {
      Volume: [],
      // Alphabetical, as dockerd lists them.
      Network: [...networkDriverSchema.options].sort(),
      Authorization: null,
      Log: ['switchyard'],
    },
    MemoryLimit: false,
    SwapLimit: false,
    CpuCfsPeriod: false,
    CpuCfsQuota: false,
    CPUShares: false,
    CPUSet: false,
    PidsLimit: false,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 0,
    OomKillDisable: false,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: 'switchyard',
    CgroupDriver: 'none',
    CgroupVersion: '2',
    NEventsListener: 0,
    KernelVersion: release(),
    OperatingSystem: 'Switchyard control plane',
    OSVersion: '',
    OSType: 'linux',
    Architecture: arch() === 'x64' ? 'x86_64' : arch(),
    IndexServerAddress: '',
    RegistryConfig: null,
    NCPU: cpus().length,
    MemTotal: totalmem(),
    GenericResources: null,
    DockerRootDir: '',
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Labels: [],
    ExperimentalBuild: false,
    Runtimes: { switchyard: { path: 'switchyard-process-runtime' } },
    DefaultRuntime: 'switchyard',
    Swarm: toSwarmInfo(deps.swarm.cluster, nodes.length),
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: '',
    SecurityOptions: [],
    Warnings: [],
  });
}

export const systemRoutes: Route[] = [
  route('GET', /^\/_ping$/, viewer('ping'), ping),
  route('HEAD', /^\/_ping$/, viewer('ping'), ping),
  route('GET', /^\/version$/, viewer('version'), version),
  route('GET', /^\/info$/, viewer('info'), info),
];
