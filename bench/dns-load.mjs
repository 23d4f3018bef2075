// A DNS load generator run inside a sandbox (`ip netns exec <sandbox> node dns-load.mjs ...`):
// keeps `concurrency` A queries for `name` in flight against `server` for `seconds`, then prints
// one JSON line: queries per second and latency percentiles. Plain JS so it starts with no loader.
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';

const [server = '127.0.0.11', name = 'web', seconds = '5', concurrency = '32'] = process.argv.slice(2);

function query(id) {
  const labels = name.split('.').flatMap((label) => [Buffer.from([label.length]), Buffer.from(label)]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2);
  header.writeUInt16BE(1, 4);
  return Buffer.concat([header, ...labels, Buffer.from([0, 0, 1, 0, 1])]);
}

const socket = dgram.createSocket('udp4');
const sentAt = new Map();
const latencies = [];
let nextId = 0;
let failures = 0;
const deadline = performance.now() + Number(seconds) * 1000;

function send() {
  if (performance.now() > deadline) return;
  const id = nextId++ & 0xffff;
  sentAt.set(id, performance.now());
  socket.send(query(id), 53, server);
}

socket.on('message', (message) => {
  const id = message.readUInt16BE(0);
  const started = sentAt.get(id);
  if (started === undefined) return;
  sentAt.delete(id);
  if ((message.readUInt16BE(2) & 0x000f) !== 0 || message.readUInt16BE(6) === 0) failures++;
  latencies.push(performance.now() - started);
  send();
});

socket.bind(() => {
  for (let i = 0; i < Number(concurrency); i++) send();
  setTimeout(
    () => {
      socket.close();
      latencies.sort((a, b) => a - b);
      const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
      console.log(
        JSON.stringify({
          qps: latencies.length / Number(seconds),
          p50: at(0.5),
          p99: at(0.99),
          failures,
          lost: sentAt.size,
        }),
      );
    },
    Number(seconds) * 1000 + 500,
  );
});
