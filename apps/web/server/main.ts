// The dashboard's server: Next's handler behind a listener that speaks TLS to everyone and plain
// HTTP to this machine only, with the live channel passed through to the control plane.
// Usage (from apps/web): node --import tsx server/main.ts --port 3000 --hostname 0.0.0.0
import { createServer } from 'node:http';
import { createSecureContext } from 'node:tls';
import next from 'next';
import { createTlsListener } from '@switchyard/pki';
import { readWebServerConfig } from './config.js';
import { isLiveRequest, proxyLiveRequest, proxyLiveUpgrade } from './live-proxy.js';
import { watchedSecureContext } from './tls-files.js';

const config = readWebServerConfig(process.argv.slice(2));
const app = next({ dev: false, dir: process.cwd(), hostname: config.hostname, port: config.port });
const handle = app.getRequestHandler();
await app.prepare();

const http = createServer((req, res) => {
  if (isLiveRequest(req)) {
    proxyLiveRequest(config.controlPlaneUrl, req, res);
    return;
  }
  // The dashboard is the edge: Next keeps a client's X-Forwarded-For, and the control plane's login
  // throttle keys on what this server forwards, so these headers are the socket's, not the client's.
  req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  req.headers['x-forwarded-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  delete req.headers['x-forwarded-host'];
  delete req.headers['x-forwarded-port'];
  void handle(req, res);
});
http.on('upgrade', (req, socket, head) => {
  if (isLiveRequest(req)) proxyLiveUpgrade(config.controlPlaneUrl, req, socket, head);
  else socket.destroy();
});

if (config.tls === null) {
  console.warn(
    'dashboard: no TLS certificate given (SWITCHYARD_WEB_TLS_CERT/KEY): serving this machine only',
  );
}
const secureContext = config.tls === null ? null : watchedSecureContext(config.tls);
const listener = createTlsListener(http, {
  // Without a certificate every TLS handshake fails, and only loopback is served.
  secureContext: secureContext ?? (() => createSecureContext({})),
  requestCert: false,
  plainFromLoopback: true,
});
if (config.standby) {
  // Loaded and prepared; the supervisor that started it says when to take the port. Its own
  // supervisor gone, it has no one to serve for.
  process.once('disconnect', () => process.exit(0));
  await new Promise<void>((resolve) => {
    const onMessage = (message: unknown) => {
      if (typeof message !== 'object' || message === null || !('type' in message) || message.type !== 'start')
        return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
}
listener.listen(config.port, config.hostname, () =>
  console.log(
    `dashboard ready on ${config.tls === null ? 'http' : 'https'}://${config.hostname}:${config.port} ` +
      `(plain http from this machine)`,
  ),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => {
    listener.close(() => process.exit(0));
    http.closeAllConnections();
  });
