/**
 * The container bench's peer-side prober, one per engine, started once inside the peer container's
 * network namespace (`nsenter --net=<SandboxKey> node ready-probe.mjs`). It is already running when a
 * run starts, so no process or exec session is started per look: each look is one TCP connection and
 * an HTTP/1.0 GET from this process, every 5 ms, until the answer's status line arrives.
 * Commands on stdin, one per line, each answered with a line:
 *   `reset`            -> `reset`: forgets every neighbour (the last run's address is reused later);
 *   `probe <ip> <port>` -> `ready <address> <answer>`: once http://<ip>:<port>/ answers, with the ms
 *     after the command when the address first answered (a refused connection counts) and when the
 *     port did;
 *   `gone <ip> <port>` -> `gone`: once the address answers no more (not even refusing).
 * The peer's ARP retransmit time is set to 10 ms at start: a look made before the new container's
 * address exists leaves an incomplete neighbour entry, which the kernel retries only every second
 * by default, so the figure would otherwise be rounded up to whole seconds.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

const pollMs = 5;
const attemptMs = 100;

for (const device of readdirSync('/proc/sys/net/ipv4/neigh')) {
  writeFileSync(`/proc/sys/net/ipv4/neigh/${device}/retrans_time_ms`, '10');
}

/**
 * One look: 'answered' when the server's status line arrives within attemptMs, 'refused' when the
 * address is there but nothing listens on the port yet, else 'nothing'.
 */
function look(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('nothing'), attemptMs);
    socket.on('connect', () => socket.write(`GET / HTTP/1.0\r\nHost: ${host}\r\n\r\n`));
    socket.on('data', (chunk) =>
      done(chunk.toString('latin1').startsWith('HTTP/1.') ? 'answered' : 'refused'),
    );
    socket.on('error', (error) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'nothing'));
    socket.on('close', () => done('refused'));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for await (const line of createInterface({ input: process.stdin })) {
  const [command, host, port] = line.split(' ');
  if (command === 'reset') {
    execFileSync('ip', ['neigh', 'flush', 'all']);
    process.stdout.write('reset\n');
  } else if (command === 'probe') {
    const started = performance.now();
    let addressAfter;
    for (;;) {
      const outcome = await look(host, Number(port));
      if (outcome !== 'nothing') addressAfter ??= performance.now() - started;
      if (outcome === 'answered') break;
      await sleep(pollMs);
    }
    process.stdout.write(`ready ${addressAfter} ${performance.now() - started}\n`);
  } else if (command === 'gone') {
    while ((await look(host, Number(port))) !== 'nothing') await sleep(pollMs);
    process.stdout.write('gone\n');
  }
}
