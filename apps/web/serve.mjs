// `next start`, except that the forwarding headers are this server's to set: Next keeps an
// X-Forwarded-For the client sent (it only fills one in when missing), and the dashboard's proxy
// route passes that address to the control plane, whose login throttle keys on it. The dashboard
// is the edge, so the client's own X-Forwarded-* are replaced by what the socket says.
// Usage: node serve.mjs --port 3000 --hostname 0.0.0.0 (run from apps/web, as `next start` is).
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '3000' }, hostname: { type: 'string', default: '0.0.0.0' } },
});
const port = Number(values.port);
const hostname = values.hostname;

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  req.headers['x-forwarded-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  delete req.headers['x-forwarded-host'];
  delete req.headers['x-forwarded-port'];
  void handle(req, res);
});
server.listen(port, hostname, () => console.log(`dashboard ready on http://${hostname}:${port}`));
for (const signal of ['SIGTERM', 'SIGINT'])
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
