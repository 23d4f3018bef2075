import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { existsSync, lstatSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeUnixSocket, listenOnUnixSocket } from './unix-socket.js';

describe('the Engine API socket', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-sock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is root-only (0600), and removed at close', async () => {
    const path = join(dir, 'a.sock');
    const server = createServer();
    expect(await listenOnUnixSocket(server, path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await closeUnixSocket(server, path);
    expect(existsSync(path)).toBe(false);
  });

  it('replaces a stale socket, and leaves a live one alone', async () => {
    const path = join(dir, 'b.sock');
    const live = createNetServer();
    await new Promise<void>((resolve) => live.listen(path, resolve));
    expect(await listenOnUnixSocket(createServer(), path)).toBe(false);
    live.close();
    // A process that exits without closing its server leaves the socket file behind.
    const stalePath = join(dir, 'c.sock');
    const script = `require('node:net').createServer().listen(${JSON.stringify(stalePath)}, () => process.exit(0))`;
    expect(spawnSync(process.execPath, ['-e', script]).status).toBe(0);
    expect(lstatSync(stalePath).isSocket()).toBe(true);
    const server = createServer();
    expect(await listenOnUnixSocket(server, stalePath)).toBe(true);
    await closeUnixSocket(server, stalePath);
  });

  it('refuses a path that is not a socket', async () => {
    const path = join(dir, 'file');
    writeFileSync(path, '');
    await expect(listenOnUnixSocket(createServer(), path)).rejects.toThrow(/exists and is not a socket/);
  });
});
