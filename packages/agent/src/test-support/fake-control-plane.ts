import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { createSecureContext, type TLSSocket } from 'node:tls';
import { agentProtocolVersion, type Heartbeat, type ObservedState } from '@switchyard/contracts';
import {
  certificateRoles,
  createTlsListener,
  formatJoinToken,
  generateKeyPair,
  privateKeyPem,
  readCsr,
  readIdentity,
  type CertificateAuthority,
} from '@switchyard/pki';
import { Server, type Socket } from 'socket.io';

export interface Handshake {
  token?: string;
  csr?: string;
  hello?: unknown;
  /** The serial of the client certificate TLS verified, if one was presented. */
  peerSerial?: string;
}

/**
 * A stand-in control plane on TLS with its own CA: admits the join token with a CSR (issuing a node
 * certificate), or a node certificate it issued and did not revoke; refuses the rest.
 */
export class FakeControlPlane {
  readonly handshakes: Handshake[] = [];
  readonly observed: ObservedState[] = [];
  readonly issued: string[] = [];
  readonly revoked = new Set<string>();
  agent: Socket | undefined;
  readonly heartbeats: Heartbeat[] = [];
  certificateLifetimeMs = 3_600_000;
  token = '';
  /** Files served over HTTPS to a client with a certificate of this CA (image archives): path to file. */
  readonly files = new Map<string, string>();
  /** Paths of the files fetched. */
  readonly fetched: string[] = [];
  private readonly http: HttpServer = createServer((request, response) => {
    const file = this.files.get(request.url ?? '');
    const authorized = (request.socket as TLSSocket).authorized;
    if (file === undefined || !authorized) {
      response.writeHead(authorized ? 404 : 401).end();
      return;
    }
    this.fetched.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'application/x-tar' });
    createReadStream(file).pipe(response);
  });
  private readonly io = new Server();
  private listener: NetServer | undefined;

  constructor(
    private readonly ca: CertificateAuthority,
    /** The document pushed after `welcome`, and the heartbeat interval asked for. */
    private readonly desired: object = {
      protocolVersion: agentProtocolVersion,
      revision: 7,
      nodeId: 'n1',
      sysctls: { 'net.ipv4.ip_forward': '1' },
    },
    private readonly heartbeatIntervalMs = 30,
  ) {
    this.token = formatJoinToken(ca.digest, 'a'.repeat(43));
    const agents = this.io.of('/agent');
    agents.use((socket, next) => {
      const auth = socket.handshake.auth as Handshake;
      const tls = socket.request.socket as TLSSocket;
      const peer = tls.authorized ? tls.getPeerX509Certificate() : undefined;
      const serial = peer === undefined ? undefined : readIdentity(peer)?.serial;
      this.handshakes.push({ ...auth, ...(serial === undefined ? {} : { peerSerial: serial }) });
      if (auth.token !== undefined) {
        next(auth.token === this.token ? undefined : new Error('join refused: unknown token'));
      } else if (serial !== undefined && !this.revoked.has(serial)) {
        next();
      } else {
        next(new Error(`certificate refused: certificate ${serial ?? 'none'} was revoked`));
      }
    });
    agents.on('connection', (socket) => {
      this.agent = socket;
      const auth = socket.handshake.auth as Handshake;
      socket.on('heartbeat', (message: Heartbeat) => this.heartbeats.push(message));
      socket.on('observed', (message: ObservedState) => this.observed.push(message));
      socket.on('renew', (message: { csr: string }, reply: (answer: unknown) => void) => {
        void this.sign(message.csr).then((certificate) => reply({ ok: true, certificate }));
      });
      void (async () => {
        socket.emit('welcome', {
          nodeId: 'n1',
          ...(auth.csr === undefined ? {} : { certificate: await this.sign(auth.csr) }),
          heartbeatIntervalMs: this.heartbeatIntervalMs,
          resyncIntervalMs: 30,
        });
        socket.emit('desired', this.desired);
      })();
    });
  }

  private async sign(csr: string) {
    const issued = await this.ca.issue({
      role: certificateRoles.node,
      commonName: 'n1',
      publicKey: await readCsr(csr),
      lifetimeMs: this.certificateLifetimeMs,
      usage: 'client',
    });
    this.issued.push(issued.serial);
    return { certPem: issued.certPem, notAfter: issued.notAfter.toISOString() };
  }

  async listen(): Promise<string> {
    const keys = await generateKeyPair();
    const server = await this.ca.issue({
      role: certificateRoles.controlPlane,
      commonName: 'control plane',
      publicKey: keys.publicKey,
      lifetimeMs: 3_600_000,
      usage: 'server',
      subjectAltNames: { ips: ['127.0.0.1'] },
    });
    const context = createSecureContext({
      cert: `${server.certPem.trim()}\n${this.ca.certPem.trim()}\n`,
      key: await privateKeyPem(keys),
      ca: this.ca.certPem,
    });
    this.io.attach(this.http);
    this.listener = createTlsListener(this.http, {
      secureContext: () => context,
      requestCert: true,
      plainFromLoopback: false,
    });
    this.listener.listen(0, '127.0.0.1');
    await once(this.listener, 'listening');
    return `https://127.0.0.1:${(this.listener.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.listener?.close();
    await this.io.close();
    this.http.closeAllConnections();
  }
}
