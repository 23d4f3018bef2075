// Asks one DNS server for one name's A records at full speed, one query in flight at a time, until
// SIGTERM; then prints what it saw as JSON: queries, failures (no answer within the timeout, or no
// address in it), the longest stretch without a good answer, and the addresses answered last.
// `node query-loop.mjs <netns> <server> <name> [timeoutMs]`: the queries leave from a socket inside
// the sandbox's namespace, but this process stays outside it, so that nothing that sweeps the
// processes out of a sandbox (an agent starting over) ends the measurement.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const [netns = '', server = '127.0.0.11', name = 'web', timeoutText = '100'] = process.argv.slice(2);
const timeoutMs = Number(timeoutText);

/** A UDP socket bound inside `netns`, made by a short-lived helper there and handed over. */
function socketIn(namespace) {
  const script =
    "const s = require('node:dgram').createSocket('udp4');" +
    's.bind(0, () => process.send({}, s, () => process.exit(0)));';
  return new Promise((resolve, reject) => {
    const helper = spawn('ip', ['netns', 'exec', namespace, process.execPath, '-e', script], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    helper.once('message', (_message, handle) => resolve(handle));
    helper.once('exit', (code) => setTimeout(() => reject(new Error(`helper exited with ${code}`)), 200));
  });
}

function query(id) {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2);
  header.writeUInt16BE(1, 4);
  const labels = name
    .split('.')
    .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]));
  return Buffer.concat([header, ...labels, Buffer.from([0, 0, 1, 0, 1])]);
}

/** The A records of a reply (answers assumed to use a name pointer, as every server here does). */
function addresses(reply) {
  const count = reply.readUInt16BE(6);
  let offset = 12;
  while (reply[offset] !== 0) offset += reply[offset] + 1;
  offset += 5;
  const found = [];
  for (let index = 0; index < count && offset < reply.length; index++) {
    offset += reply[offset] >= 0xc0 ? 2 : 0;
    const type = reply.readUInt16BE(offset);
    const length = reply.readUInt16BE(offset + 8);
    if (type === 1 && length === 4) found.push([...reply.subarray(offset + 10, offset + 14)].join('.'));
    offset += 10 + length;
  }
  return found.sort();
}

const socket = await socketIn(netns);
let queries = 0;
let failures = 0;
let lastGood = performance.now();
let longestGapMs = 0;
let last = [];
let running = true;

function ask() {
  return new Promise((resolve) => {
    const id = queries++ & 0xffff;
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const onMessage = (reply) => {
      if (reply.length >= 12 && reply.readUInt16BE(0) === id) done(reply);
    };
    function done(reply) {
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(reply);
    }
    socket.on('message', onMessage);
    socket.send(query(id), 53, server, (error) => {
      if (error) done(undefined);
    });
  });
}

process.on('SIGTERM', () => {
  running = false;
});
console.error('querying');
while (running) {
  const reply = await ask();
  const found = reply === undefined ? [] : addresses(reply);
  const now = performance.now();
  if (found.length === 0) {
    failures++;
    // A refused send comes back at once: do not spin while the server is away.
    if (reply === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
  } else {
    longestGapMs = Math.max(longestGapMs, now - lastGood);
    lastGood = now;
    last = found;
  }
}
longestGapMs = Math.max(longestGapMs, performance.now() - lastGood);
socket.close();
console.log(JSON.stringify({ queries, failures, longestGapMs: Math.round(longestGapMs), last }));
