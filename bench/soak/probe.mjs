// Run inside a toolbox container's sandbox (`ip netns exec <sandbox> node probe.mjs <svc>...`): for
// each service, in turn and without pause, asks the embedded DNS for `tasks.<svc>` and connects to
// every address it names (an address that refuses or stays silent is a stale answer), then asks for
// `<svc>` and opens an HTTP request to the VIP. Prints one JSON line of cumulative counts every
// 5 s and on SIGTERM. Plain JS so it starts with no loader.
import { Resolver } from 'node:dns/promises';
import net from 'node:net';

const services = process.argv.slice(2);
const resolver = new Resolver({ timeout: 1000, tries: 1 });
resolver.setServers(['127.0.0.11']);
const counts = { queries: 0, dnsFailures: 0, answers: 0, stale: 0, vipRequests: 0, vipFailures: 0 };
const staleSamples = [];

function connect(address, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port: 80 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function httpGet(address) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port: 80 });
    let reply = '';
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => socket.write('GET / HTTP/1.0\r\nHost: soak\r\n\r\n'));
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(reply.startsWith('HTTP/1.') && reply.includes(' 200 ')));
  });
}

async function round(service) {
  counts.queries += 1;
  let tasks = [];
  try {
    tasks = await resolver.resolve4(`tasks.${service}`);
  } catch (error) {
    // No tasks at all is an answer (NXDOMAIN-like), not a failure of the resolver.
    if (error.code !== 'ENOTFOUND' && error.code !== 'ENODATA') counts.dnsFailures += 1;
  }
  counts.answers += tasks.length;
  const reachable = await Promise.all(tasks.map((address) => connect(address, 1000)));
  reachable.forEach((ok, index) => {
    if (ok) return;
    counts.stale += 1;
    if (staleSamples.length < 20)
      staleSamples.push({ at: new Date().toISOString(), service, address: tasks[index] });
  });
  counts.queries += 1;
  try {
    const [vip] = await resolver.resolve4(service);
    counts.vipRequests += 1;
    if (!(await httpGet(vip))) counts.vipFailures += 1;
  } catch (error) {
    if (error.code !== 'ENOTFOUND' && error.code !== 'ENODATA') counts.dnsFailures += 1;
  }
}

const print = () => console.log(JSON.stringify({ ...counts, staleSamples }));
setInterval(print, 5000).unref();
process.on('SIGTERM', () => {
  print();
  process.exit(0);
});
for (;;) {
  for (const service of services) await round(service);
}
