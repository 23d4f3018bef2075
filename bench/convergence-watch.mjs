/**
 * The convergence bench's watcher, one per host, run once inside a client sandbox
 * (`ip netns exec <sandbox> node convergence-watch.mjs <chain>`). For each line `N` on stdin it
 * polls every 10 ms until `tasks.web` answers N addresses from the embedded DNS and the service's
 * chain in `switchyard_lb` holds N backends, then writes `ok`. The DNS look is one UDP packet from
 * this process and `nft` runs only once the DNS agrees, so watching takes little of the CPU it
 * measures (a dig and an nft process per look, back to back on three hosts, took most of it).
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';

const chain = process.argv[2];
const pollMs = 10;
const socket = createSocket('udp4');
let queryId = 0;
const waiting = new Map();

socket.on('message', (packet) => {
  const resolve = waiting.get(packet.readUInt16BE(0));
  if (resolve === undefined) return;
  waiting.delete(packet.readUInt16BE(0));
  // ANCOUNT: the embedded DNS answers one A record per healthy task.
  resolve(packet.readUInt16BE(6));
});

function query(name) {
  queryId = (queryId + 1) & 0xffff;
  const labels = name
    .split('.')
    .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(queryId, 0);
  header.writeUInt16BE(0x0100, 2);
  header.writeUInt16BE(1, 4);
  const question = Buffer.concat([...labels, Buffer.from([0, 0, 1, 0, 1])]);
  const id = queryId;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(-1);
    }, 200);
    waiting.set(id, (count) => {
      clearTimeout(timer);
      resolve(count);
    });
    socket.send(Buffer.concat([header, question]), 53, '127.0.0.11');
  });
}

function backends() {
  return new Promise((resolve) => {
    execFile('nft', ['list', 'chain', 'ip', 'switchyard_lb', chain], (error, stdout) =>
      resolve(error ? -1 : (stdout.match(/\d+ : \d+\.\d+\.\d+\.\d+/g) ?? []).length),
    );
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function watch(replicas) {
  for (;;) {
    if ((await query('tasks.web')) === replicas && (await backends()) === replicas) return;
    await sleep(pollMs);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  await watch(Number(line));
  process.stdout.write('ok\n');
}
socket.close();
