import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createEmbeddedDns } from '../create-embedded-dns.js';
import { serveAgents, type AgentChannel } from './agent-channel.js';
import { resolverLaunchSchema } from './protocol.js';

/**
 * The resolver process: the embedded DNS of every sandbox on this host, in a process of its own
 * that the agent starts detached and never restarts, so names keep answering while the agent is
 * down (kill -9, an upgrade, a crash). It is fed over a unix socket by whichever agent is up.
 */
function timestamped(line: string): void {
  console.error(`${new Date().toISOString()} ${line}`);
}

const launch = resolverLaunchSchema.parse(JSON.parse(process.argv[2] ?? 'null'));
/** Where the DNS logs: the connected agent once the channel exists. */
let log: (message: string) => void = timestamped;
const dns = createEmbeddedDns({ upstreams: launch.upstreams ?? undefined, log: (message) => log(message) });
const server = createServer();
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close();
  rmSync(launch.pidFile, { force: true });
  rmSync(launch.socket, { force: true });
  void dns.close().finally(() => process.exit(0));
};

// A socket file left by a resolver that died is in the way; a live one was asked first (the agent
// starts a resolver only after its socket refused to connect).
rmSync(launch.socket, { force: true });
server.listen(launch.socket, () => {
  chmodSync(launch.socket, 0o600);
  writeFileSync(launch.pidFile, `${process.pid}\n`, { mode: 0o600 });
  timestamped(`resolver ${process.pid} listening on ${launch.socket}`);
});
server.on('error', (error) => {
  timestamped(`resolver: ${error.message}`);
  process.exit(1);
});
const channel: AgentChannel = serveAgents(server, dns, launch, { fallbackLog: timestamped, onStop: stop });
log = channel.log;
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
