import { setPriority } from 'node:os';
import type { Socket as UdpSocket } from 'node:dgram';
import type { Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startProcess } from '../osl/process.js';
import { embeddedAddress } from './resolv-conf.js';

export interface ListenerSockets {
  /** 127.0.0.11:53/udp inside the sandbox. */
  udp: UdpSocket;
  /** 127.0.0.11:53/tcp inside the sandbox. */
  tcp: Server;
  /** An unconnected UDP socket inside the sandbox, for forwarding. */
  forward: UdpSocket;
}

const helperPath = fileURLToPath(new URL('./listener-helper.mjs', import.meta.url));

interface HelperMessage {
  kind?: unknown;
  message?: unknown;
}

export function closeListener(sockets: Partial<ListenerSockets>): Promise<void> {
  const closing: Promise<void>[] = [];
  for (const socket of [sockets.udp, sockets.forward])
    if (socket !== undefined) closing.push(new Promise((resolve) => socket.close(() => resolve())));
  const tcp = sockets.tcp;
  if (tcp !== undefined) closing.push(new Promise((resolve) => tcp.close(() => resolve())));
  return Promise.all(closing).then(() => undefined);
}

/**
 * Binds the resolver's sockets inside `netns` through a short-lived helper process (the only way
 * for this process to own a socket in another namespace without switching its own threads).
 */
export function openListener(
  netns: string,
  timeoutMs: number,
  { port = 53, priority }: { port?: number; priority?: number } = {},
): Promise<ListenerSockets> {
  return new Promise((resolve, reject) => {
    const received: Partial<ListenerSockets> = {};
    const stderr: Buffer[] = [];
    let settled = false;
    const child = startProcess(
      'ip',
      [
        'netns',
        'exec',
        netns,
        process.execPath,
        '--max-old-space-size=16',
        helperPath,
        embeddedAddress,
        String(port),
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' },
    );
    if (priority !== undefined && child.pid !== undefined) {
      try {
        setPriority(child.pid, priority);
      } catch {
        // Left at the agent's own priority: slower to get ready, never wrong.
      }
    }
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      void closeListener(received);
      reject(new Error(`cannot open the embedded DNS listener in namespace "${netns}": ${reason}`));
    };
    const timer = setTimeout(() => fail(`no answer from the helper within ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => fail(error.message));
    child.on('message', (raw: HelperMessage, handle: unknown) => {
      // A handle that arrives after a timeout would otherwise hold the namespace open.
      if (settled) {
        if (raw.kind === 'tcp') void closeListener({ tcp: handle as Server });
        else if (raw.kind === 'udp' || raw.kind === 'forward')
          void closeListener({ udp: handle as UdpSocket });
        return;
      }
      if (raw.kind === 'error') return fail(String(raw.message));
      if (raw.kind === 'udp' || raw.kind === 'forward') received[raw.kind] = handle as UdpSocket;
      else if (raw.kind === 'tcp') received.tcp = handle as Server;
      const { udp, tcp, forward } = received;
      if (udp === undefined || tcp === undefined || forward === undefined) return;
      settled = true;
      clearTimeout(timer);
      resolve({ udp, tcp, forward });
    });
    child.on('exit', (code) => {
      // Handles can arrive just after the helper exits: give the channel a moment to deliver them.
      if (!settled)
        setTimeout(
          () => fail(Buffer.concat(stderr).toString('utf8').trim() || `helper exited with ${code}`),
          200,
        );
    });
  });
}
