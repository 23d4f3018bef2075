import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { Server as SocketServer } from 'socket.io';
import { createTlsListener } from '@switchyard/pki';
import { migrationProcess, resolveConfig, type ControlPlaneConfig } from './config.js';
import { openDatabase, tuneDatabase } from './db/client.js';
import { migrateDatabase, privateDirectory } from './db/migrate.js';
import { EventLog } from './events/event-log.js';
import { LiveBus } from './events/live-bus.js';
import { NodeRegistry } from './nodes/node-registry.js';
import { AgentHub } from './hub/agent-hub.js';
import { attachUiHub } from './hub/ui-hub.js';
import { createHttpServer } from './http/http-server.js';
import { originAllowed } from './http/cross-origin.js';
import { bootstrapAdmin } from './auth/bootstrap-admin.js';
import { dummyHash } from './auth/passwords.js';
import { SessionStore } from './auth/sessions.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { digestSecret, generateSecret } from './auth/secrets.js';
import { CurrentJoinToken, issueJoinToken, localLabPurpose } from './auth/join-tokens.js';
import type { Services } from './trpc/context.js';
import { ensurePredefinedNetworks } from './networks/predefined-networks.js';
import { Serializer } from './ipam/serializer.js';
import { SandboxStatusStore } from './containers/sandbox-status.js';
import { Networks } from './networks/network-service.js';
import { AutoRemover } from './containers/auto-remove.js';
import { Containers } from './containers/container-service.js';
import { ExecService } from './exec/exec-service.js';
import { Images } from './images/image-service.js';
import type { InventoryDeps } from './inventory/deps.js';
import { removeLocalCredentials, writeLocalCredentials } from './local-credentials.js';
import { startEngineApi } from './docker-api/docker-api-server.js';
import { ensureIngressNetwork } from './networks/ingress.js';
import { ServiceReconciler } from './scheduler/reconciler.js';
import { Services as ServiceLayer } from './services/service-service.js';
import { Routes } from './routes/route-service.js';
import { RouteCounterStore } from './routes/route-counters.js';
import { ensureMeshNetwork } from './networks/mesh.js';
import { swarmBackend } from './docker-api/cluster-swarm-backend.js';
import { caCertificatePath, loadOrCreateClusterCa, tlsDirectory } from './pki/cluster-ca.js';
import { CertificateStore } from './pki/certificate-store.js';
import { ObservedImageStore } from './images/observed-images.js';
import { ServerCertificate, serverCertificateFiles } from './pki/server-certificate.js';
import { ControlPlaneMetrics } from './metrics/control-plane-metrics.js';
import { loadOrCreateScrapeToken } from './metrics/scrape-token.js';
import { HealthSampler } from './metrics/health-sampler.js';
import { RecentBreaks } from './diagnostics/recent-breaks.js';
import { startEventRetention } from './events/retention.js';

export interface RunningControlPlane {
  config: ControlPlaneConfig;
  /** Where this machine reaches the control plane, e.g. http://127.0.0.1:7080. */
  url: string;
  port: number;
  /** Set on the very first start when no admin password was configured; print it once. */
  generatedAdminPassword: string | null;
  /** The inventory service layer, for in-process callers such as the Docker Engine API and tests. */
  services: Pick<
    Services,
    'networks' | 'containers' | 'images' | 'services' | 'routes' | 'registry' | 'ca' | 'certificates'
  >;
  /** The cluster CA's certificate and this control plane's certificate and key, kept in the data dir. */
  tlsFiles: { caFile: string; certFile: string; keyFile: string };
  /** `unix:///…/docker.sock`: the Engine API for root on this machine; null when off. */
  dockerHost: string | null;
  /** `host:port` of the Engine API over TLS, for client bundles; null when off or its port is taken. */
  dockerTlsAddress: string | null;
  close(): Promise<void>;
}

function firstIpv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found !== undefined) return found.address;
  }
  return '127.0.0.1';
}

export async function startControlPlane(
  overrides: Partial<ControlPlaneConfig> = {},
): Promise<RunningControlPlane> {
  const config = resolveConfig(overrides);
  // The database, the local credentials and the lab's logs: the owner's (root's) alone.
  privateDirectory(config.dataDir);
  const ca = await loadOrCreateClusterCa(config.dataDir);
  const serverCertificate = await ServerCertificate.issue(ca, {
    lifetimeMs: config.certificateTtlMs,
    extraNames: config.advertiseUrl === undefined ? [] : [new URL(config.advertiseUrl).hostname],
    writeTo: tlsDirectory(config.dataDir),
  });
  await migrateDatabase(config.databaseUrl, migrationProcess(config.databaseUrl));
  const db = openDatabase(config.databaseUrl);
  await tuneDatabase(db);
  const bus = new LiveBus();
  const events = new EventLog(db, bus);
  const generatedAdminPassword = await bootstrapAdmin(db, config.adminPassword);
  // Made before the first login, so even that one costs an unknown username no more than a known one.
  await dummyHash();
  const certificates = new CertificateStore(db, ca);
  const registry = new NodeRegistry(db, events, bus, certificates, config.certificateTtlMs);
  await ensurePredefinedNetworks(db);
  await ensureIngressNetwork(db);
  await ensureMeshNetwork(db);
  // Nodes ready before this start stay so: their agents reconnect within seconds, and the sweep
  // below marks down only those still away when the grace is over, so no task moves meanwhile.
  const startedAt = Date.now();

  // The local lab's join token and the CLI's token are rotated at every start.
  await db.joinToken.updateMany({
    where: { purpose: localLabPurpose, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const labToken = await issueJoinToken(db, {
    purpose: localLabPurpose,
    createdBy: 'system',
    caDigest: ca.digest,
    expiresAt: new Date(Date.now() + config.joinTokenTtlMs),
  });
  const cliToken = generateSecret('sycli');

  const io = new SocketServer({
    // A connection that went dead without a close (a partition) is dropped within 15 s on both
    // sides, so an agent cut off reconnects, and is pushed afresh, soon after its network returns;
    // 10 s for a pong leaves a process busy for a few seconds connected.
    pingInterval: 5_000,
    pingTimeout: 10_000,
    cors: { origin: true, credentials: true },
    allowRequest: (req, callback) =>
      callback(null, originAllowed(req, { configured: config.webOrigins, webPort: config.webPort })),
  });
  const routeCounters = new RouteCounterStore();
  // The hub is made below; the gauge asks it only when scraped.
  const metrics: ControlPlaneMetrics = new ControlPlaneMetrics(db, (nodeId): boolean =>
    agentHub.isConnected(nodeId),
  );
  const agentHub = new AgentHub(
    io,
    db,
    registry,
    events,
    config,
    new SandboxStatusStore(db, events, bus),
    routeCounters,
    certificates,
    new ObservedImageStore(db, bus),
    metrics,
  );
  const inventory: InventoryDeps = { db, events, bus, agentHub, lock: new Serializer(), config };
  const reconciler = new ServiceReconciler(inventory, (seconds) => metrics.reconcilePass(seconds));
  const serviceLayer = new ServiceLayer(inventory, reconciler);
  let port = config.port;
  let dockerTls: string | null = null;
  const containers = new Containers(inventory);
  const services: Services = {
    config,
    db,
    events,
    registry,
    sessions: new SessionStore(db, config.sessionTtlMs),
    loginThrottle: new LoginThrottle(),
    agentHub,
    networks: new Networks(inventory),
    containers,
    exec: new ExecService({ containers, agentHub, events }),
    autoRemover: new AutoRemover(bus, containers),
    images: new Images(inventory),
    services: serviceLayer,
    routes: new Routes(inventory, routeCounters),
    ca,
    certificates,
    serverCertificate,
    joinToken: new CurrentJoinToken(db, events, ca.digest, config.joinTokenTtlMs),
    cliTokenDigest: digestSecret(cliToken),
    advertisedUrl: () => config.advertiseUrl ?? `https://${firstIpv4()}:${port}`,
    dockerTlsPort: () =>
      dockerTls === null ? null : Number(dockerTls.slice(dockerTls.lastIndexOf(':') + 1)),
    metrics,
    metricsTokenDigest: digestSecret(await loadOrCreateScrapeToken(config.dataDir)),
    health: new HealthSampler({ db, agentHub, metrics }),
    pathBreaks: new RecentBreaks(),
  };
  const server = createHttpServer(services);
  io.attach(server);
  const detachUi = attachUiHub(io, services, bus);

  // One port: TLS for everyone (agents present their node certificates), and plain HTTP only from
  // this machine's loopback (the CLI, the dashboard's server), which never crosses a wire.
  const listener = createTlsListener(server, {
    secureContext: () => serverCertificate.context(),
    requestCert: true,
    plainFromLoopback: true,
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(config.port, config.host, () => resolve());
  });
  port = (listener.address() as AddressInfo).port;
  const localHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${localHost}:${port}`;
  const dockerApi = await startEngineApi(
    { unix: config.dockerApiListen, tls: config.dockerTlsListen, debug: config.dockerApiDebug },
    { ...services, swarm: await swarmBackend(db, registry, serviceLayer) },
  );
  dockerTls = dockerApi.tlsAddress;
  const { dockerHost } = dockerApi;
  writeLocalCredentials(config.dataDir, {
    url,
    port,
    pid: process.pid,
    joinToken: labToken.token,
    cliToken,
    dockerHost,
  });
  reconciler.start();
  services.health.start();
  const retention = startEventRetention(
    db,
    { maxAgeMs: config.eventsMaxAgeMs, maxRows: config.eventsMaxRows },
    (message) => console.log(message),
  );

  const timing = { downAfterMs: config.nodeDownAfterMs, graceMs: config.nodeGraceMs, startedAt };
  const sweeper = setInterval(() => {
    registry
      .sweep(timing)
      // A node down whose socket is still open is cut off (it was partitioned, not gone): when it
      // can, its agent reconnects and is sent its document afresh, which stops its stale tasks.
      .then((down) => down.forEach((nodeId) => agentHub.disconnect(nodeId)))
      .catch((error: unknown) => console.error('node sweep failed:', error));
  }, 1_000);

  return {
    config,
    url,
    port,
    generatedAdminPassword,
    services,
    tlsFiles: (() => {
      // Absolute: the dashboard's server reads them from another working directory.
      const files = serverCertificateFiles(resolve(tlsDirectory(config.dataDir)));
      return { caFile: resolve(caCertificatePath(config.dataDir)), certFile: files.cert, keyFile: files.key };
    })(),
    dockerHost,
    dockerTlsAddress: dockerApi.tlsAddress,
    async close() {
      clearInterval(sweeper);
      await services.health.stop();
      await retention.stop();
      serverCertificate.close();
      await reconciler.stop();
      await dockerApi.close();
      await services.autoRemover.close();
      detachUi();
      await agentHub.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      listener.close();
      server.closeAllConnections();
      await db.$disconnect();
      removeLocalCredentials(config.dataDir, process.pid);
    },
  };
}
