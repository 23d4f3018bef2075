import { io, type Socket } from 'socket.io-client';
import {
  agentNamespace,
  agentProtocolVersion,
  type AgentHello,
  type ContainerLogsRequest,
  type ContainerLogsResponse,
  type DesiredState,
  type ObservedSandbox,
  type RouteCounters,
} from '@switchyard/contracts';

/**
 * A stand-in agent for service tests: it answers each desired document the way the real agent
 * reports, a sandbox desired running is running, else exited; env FAIL makes a start fail.
 */
export class FakeAgent {
  socket: Socket;
  desired: DesiredState | null = null;
  /** Answer desired documents; a silent agent lets start time out. */
  answering = true;
  /** Names of sandboxes whose health check fails. */
  unhealthy = new Set<string>();
  /** The mesh proxy's failure to report in its `hrm/proxy` condition; null: it runs. */
  proxyError: string | null = null;
  /** The proxy's counters sent with each heartbeat. */
  routeCounters: RouteCounters[] = [];

  constructor(
    url: string,
    joinToken: string,
    readonly name: string,
    hostNetworks: string[],
    host: { underlayAddress?: string; capabilities?: AgentHello['capabilities'] } = {},
  ) {
    const hello: AgentHello = {
      protocolVersion: agentProtocolVersion,
      name,
      underlayAddress: (host.underlayAddress ?? '192.0.2.10') as AgentHello['underlayAddress'],
      capabilities: host.capabilities ?? ['nftables'],
      agentVersion: 'test',
      kernelVersion: '6.0',
      hostNetworks: hostNetworks as AgentHello['hostNetworks'],
    };
    this.socket = io(`${url}${agentNamespace}`, {
      auth: { token: joinToken, hello },
      reconnection: false,
      transports: ['websocket'],
    });
    // Heartbeats as the real agent sends them, so a long test does not see its nodes go down.
    this.socket.on('welcome', (welcome: { heartbeatIntervalMs: number }) => {
      const beat = setInterval(() => this.heartbeat(), welcome.heartbeatIntervalMs);
      beat.unref();
      this.socket.on('disconnect', () => clearInterval(beat));
    });
    this.socket.on('desired', (document: DesiredState) => {
      this.desired = document;
      if (this.answering) this.report(document);
    });
    this.socket.on('logs', (request: ContainerLogsRequest, reply: (r: ContainerLogsResponse) => void) =>
      reply({
        ok: true,
        lines: [
          { stream: 'stdout', at: '2026-11-28T00:00:00Z', text: `hi from ${request.sandboxId.slice(0, 12)}` },
        ],
      }),
    );
  }

  heartbeat(): void {
    this.socket.emit('heartbeat', {
      protocolVersion: agentProtocolVersion,
      sentAt: new Date().toISOString(),
      rssBytes: 0,
      routes: this.routeCounters,
    });
  }

  report(document: DesiredState): void {
    const sandboxes: ObservedSandbox[] = document.sandboxes.map((sandbox) => {
      const failing = sandbox.workload.env.FAIL !== undefined;
      const running = sandbox.running && !failing;
      return {
        id: sandbox.id,
        status: running ? 'running' : sandbox.startGeneration > 0 ? 'exited' : 'created',
        pid: running ? 4242 : null,
        exitCode: running || sandbox.startGeneration === 0 ? null : failing ? 127 : 0,
        startedAt: sandbox.startGeneration > 0 ? `gen-${sandbox.startGeneration}` : null,
        finishedAt: null,
        restartCount: 0,
        health:
          sandbox.healthCheck === null ? null : this.unhealthy.has(sandbox.name) ? 'unhealthy' : 'healthy',
        ...(failing && sandbox.running ? { error: 'exec: "nope": executable file not found' } : {}),
      };
    });
    this.socket.emit('observed', {
      protocolVersion: agentProtocolVersion,
      revision: document.revision,
      observedAt: new Date().toISOString(),
      conditions: [
        ...document.networks.map((network) => ({ object: `network/${network.id}`, ready: true })),
        ...(document.hrm === null
          ? []
          : [
              this.proxyError === null
                ? { object: 'hrm/proxy', ready: true }
                : { object: 'hrm/proxy', ready: false, message: this.proxyError },
            ]),
      ],
      driftRepaired: [],
      sandboxes,
    });
  }

  ready(): Promise<void> {
    return new Promise((resolve) => this.socket.once('welcome', () => resolve()));
  }
}
