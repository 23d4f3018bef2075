import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlPlaneConfig } from '../config.js';
import type { Db } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
import type { NodeRegistry } from '../nodes/node-registry.js';
import type { AgentHub } from '../hub/agent-hub.js';
import { readSessionCookie } from '../auth/cookies.js';
import type { Actor, SessionStore } from '../auth/sessions.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { digestSecret } from '../auth/secrets.js';
import { requestOrigin, type RequestOrigin } from '../http/request-origin.js';
import type { ContainerService } from '../containers/api.js';
import type { AutoRemover } from '../containers/auto-remove.js';
import type { ExecService } from '../exec/exec-service.js';
import type { ImageService } from '../images/api.js';
import type { NetworkService } from '../networks/api.js';
import type { RouteService } from '../routes/api.js';
import type { ServiceService } from '../services/api.js';
import type { CertificateAuthority } from '@switchyard/pki';
import type { CertificateStore } from '../pki/certificate-store.js';
import type { ServerCertificate } from '../pki/server-certificate.js';
import type { CurrentJoinToken } from '../auth/join-tokens.js';
import type { ControlPlaneMetrics } from '../metrics/control-plane-metrics.js';
import type { HealthSampler } from '../metrics/health-sampler.js';
import type { RecentBreaks } from '../diagnostics/recent-breaks.js';

/** Everything a procedure may use; built once at start. */
export interface Services {
  config: ControlPlaneConfig;
  db: Db;
  events: EventLog;
  registry: NodeRegistry;
  sessions: SessionStore;
  loginThrottle: LoginThrottle;
  agentHub: AgentHub;
  /** The inventory service layer, shared with the Docker Engine API. */
  networks: NetworkService;
  containers: ContainerService;
  /** `docker exec` and the dashboard's terminal. */
  exec: ExecService;
  /** `--rm` containers go once they exit. */
  autoRemover: AutoRemover;
  images: ImageService;
  services: ServiceService;
  routes: RouteService;
  /** The cluster CA: join tokens pin its digest. */
  ca: CertificateAuthority;
  /** Certificates issued to nodes and users, for revocation. */
  certificates: CertificateStore;
  /** This control plane's TLS identity, renewed as the host's addresses change. */
  serverCertificate: ServerCertificate;
  /** The join token `switchyard join-token` prints and a rotation replaces. */
  joinToken: CurrentJoinToken;
  /** Digest of the local CLI's bearer token (see control-plane.json). */
  cliTokenDigest: string;
  /** The URL agents should be told to join, as reachable from other hosts. */
  advertisedUrl: () => string;
  /** The port of the Engine API over TLS (client bundles point there); null when it is off. */
  dockerTlsPort: () => number | null;
  /** Prometheus metrics of this control plane (`/metrics`). */
  metrics: ControlPlaneMetrics;
  /** Digest of the scrape token (`<data dir>/metrics-token`), which opens the metrics alone. */
  metricsTokenDigest: string;
  /** The Health page's series, sampled every few seconds. */
  health: HealthSampler;
  /** What the latest path and target checks found broken, for the topology (in memory). */
  pathBreaks: RecentBreaks;
}

export interface Context {
  services: Services;
  actor: Actor | null;
  sessionToken: string | undefined;
  origin: RequestOrigin;
  setCookie: (cookie: string) => void;
}

export const localCliActor: Actor = { username: 'local-cli', role: 'admin' };

export async function resolveActor(
  services: Services,
  cookieHeader: string | undefined,
  authorization: string | undefined,
): Promise<{ actor: Actor | null; sessionToken: string | undefined }> {
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
  if (bearer !== undefined) {
    return {
      actor: digestSecret(bearer) === services.cliTokenDigest ? localCliActor : null,
      sessionToken: undefined,
    };
  }
  const sessionToken = readSessionCookie(cookieHeader);
  if (sessionToken === undefined) return { actor: null, sessionToken };
  return { actor: await services.sessions.resolve(sessionToken), sessionToken };
}

export function contextFactory(services: Services) {
  return async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<Context> => {
    const { actor, sessionToken } = await resolveActor(
      services,
      req.headers.cookie,
      req.headers.authorization,
    );
    return {
      services,
      actor,
      sessionToken,
      origin: requestOrigin(req, services.config.webProxySecret),
      setCookie: (cookie) => res.appendHeader('Set-Cookie', cookie),
    };
  };
}
