// Runs inside a sandbox's network namespace (started with `ip netns exec`): binds the embedded
// resolver's sockets there, hands them to the agent over the IPC channel, and exits. The agent then
// serves that sandbox on sockets that live in it. Plain JS so that it starts fast and light.
import dgram from 'node:dgram';
import net from 'node:net';

const [address = '127.0.0.11', port = '53'] = process.argv.slice(2);

function listening(emitter, start) {
  return new Promise((resolve, reject) => {
    emitter.once('error', reject);
    start(() => {
      emitter.off('error', reject);
      resolve();
    });
  });
}

function send(message, handle) {
  return new Promise((resolve, reject) =>
    process.send(message, handle, (error) => (error ? reject(error) : resolve())),
  );
}

try {
  const udp = dgram.createSocket('udp4');
  await listening(udp, (done) => udp.bind(Number(port), address, done));
  const tcp = net.createServer();
  await listening(tcp, (done) => tcp.listen(Number(port), address, done));
  // Forwarded queries leave from the sandbox too, reaching upstreams the way its processes would.
  const forward = dgram.createSocket('udp4');
  await listening(forward, (done) => forward.bind(0, done));
  await Promise.all([
    send({ kind: 'udp' }, udp),
    send({ kind: 'tcp' }, tcp),
    send({ kind: 'forward' }, forward),
  ]);
  process.exit(0);
} catch (error) {
  await send({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
