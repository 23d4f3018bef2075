// switchyard/whoami: answers every HTTP request with who served it, like traefik/whoami's text
// output. Plain JS with no dependencies, so each replica costs one small Node process. /echo is a
// WebSocket echo, and with TLS_CERT and TLS_KEY (file paths) it serves HTTPS, so the routing mesh's
// WebSocket and TLS passthrough can be shown and tested against the same image.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';

const name = process.env.SWITCHYARD_CONTAINER_NAME || process.env.HOSTNAME || os.hostname();
const tls =
  process.env.TLS_CERT && process.env.TLS_KEY
    ? { cert: readFileSync(process.env.TLS_CERT), key: readFileSync(process.env.TLS_KEY) }
    : null;
const port = Number(process.env.PORT || (tls ? 443 : 80));

function addresses() {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined)
    .map((entry) => entry.address);
}

function remote(socket) {
  const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return `${address.includes(':') ? `[${address}]` : address}:${socket.remotePort}`;
}

// GET /health answers with this code; POST /health with a code in the body sets it (as
// traefik/whoami does), so a test or a demo can make one replica sick and well again.
let healthCode = 200;

function health(request, response) {
  if (request.method !== 'POST') {
    request.resume();
    response.writeHead(healthCode, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(healthCode < 400 ? 'OK\n' : `unhealthy (${healthCode})\n`);
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => {
    if (body.length < 16) body += chunk;
  });
  request.on('end', () => {
    const code = Number(body.trim());
    const valid = Number.isInteger(code) && code >= 200 && code <= 599;
    if (valid) healthCode = code;
    response.writeHead(valid ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(
      valid ? `health set to ${code}\n` : 'the body must be an HTTP status code from 200 to 599\n',
    );
  });
}

function handle(request, response) {
  if (request.url === '/health') {
    health(request, response);
    return;
  }
  request.resume();
  const lines = [
    `Hostname: ${name}`,
    ...addresses().map((address) => `IP: ${address}`),
    `RemoteAddr: ${remote(request.socket)}`,
    `${request.method} ${request.url} HTTP/${request.httpVersion}`,
  ];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2)
    lines.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${lines.join('\n')}\n`);
  console.log(`${remote(request.socket)} ${request.method} ${request.url}`);
}

// RFC 6455, just enough for an echo: the handshake, masked client frames, fragmented messages
// reassembled, ping answered with pong, and the closing handshake.
const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
// A bound on what one message may buffer, so a client cannot make a replica grow without limit.
const maxMessage = 16 * 1024 * 1024;

function frame(opcode, payload) {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = length;
  else if (length < 65536) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

function closeFrame(code, reason = '') {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return frame(0x8, payload);
}

/** The first complete frame in `buffer`, unmasked, or null while more bytes are needed. */
function parseFrame(buffer) {
  if (buffer.length < 2) return null;
  const fin = (buffer[0] & 0x80) !== 0;
  const opcode = buffer[0] & 0x0f;
  const masked = (buffer[1] & 0x80) !== 0;
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    const long = buffer.readBigUInt64BE(2);
    length = long > BigInt(maxMessage) ? Infinity : Number(long);
    offset = 10;
  }
  if (length > maxMessage) return { fin, opcode, masked, payload: null, size: 0 };
  const keyLength = masked ? 4 : 0;
  if (buffer.length < offset + keyLength + length) return null;
  const payload = Buffer.from(buffer.subarray(offset + keyLength, offset + keyLength + length));
  if (masked) {
    const key = buffer.subarray(offset, offset + 4);
    for (let index = 0; index < payload.length; index++) payload[index] ^= key[index & 3];
  }
  return { fin, opcode, masked, payload, size: offset + keyLength + length };
}

function echo(request, socket, head) {
  const key = request.headers['sec-websocket-key'];
  const wantsWebsocket = (request.headers.upgrade ?? '').toLowerCase() === 'websocket';
  if (request.url !== '/echo' || !wantsWebsocket || typeof key !== 'string') {
    socket.end(
      'HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\n' +
        'only GET /echo upgrades, and only to websocket\n',
    );
    return;
  }
  const accept = createHash('sha1')
    .update(key + websocketGuid)
    .digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  console.log(`${remote(socket)} websocket ${request.url}`);
  socket.setNoDelay(true);

  let pending = head;
  let message = null; // { opcode, parts, size } while a fragmented message is arriving
  let closing = false;
  const fail = (code, reason) => {
    closing = true;
    socket.end(closeFrame(code, reason));
  };
  socket.on('error', () => socket.destroy());
  // A client that hangs up without the closing handshake still gets its connection closed.
  socket.on('end', () => socket.end());
  socket.on('data', (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (closing) return;
      const parsed = parseFrame(pending);
      if (parsed === null) return;
      if (parsed.payload === null) return fail(1009, 'message too big');
      pending = pending.subarray(parsed.size);
      const { fin, opcode, masked, payload } = parsed;
      if (!masked) return fail(1002, 'client frames must be masked');
      if (opcode === 0x8) {
        // Answer with the client's status code (or none), then hang up: the server closes TCP first.
        closing = true;
        socket.end(frame(0x8, payload.length >= 2 ? payload.subarray(0, 2) : Buffer.alloc(0)));
        return;
      }
      if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0xa) continue;
      else if (opcode === 0x1 || opcode === 0x2) {
        if (message !== null) return fail(1002, 'a new message before the last one finished');
        if (fin) socket.write(frame(opcode, payload));
        else message = { opcode, parts: [payload], size: payload.length };
      } else if (opcode === 0x0) {
        if (message === null) return fail(1002, 'a continuation frame without a message');
        message.parts.push(payload);
        message.size += payload.length;
        if (message.size > maxMessage) return fail(1009, 'message too big');
        if (fin) {
          socket.write(frame(message.opcode, Buffer.concat(message.parts)));
          message = null;
        }
      } else return fail(1002, `unknown opcode ${opcode}`);
    }
  });
}

const server = tls ? https.createServer(tls, handle) : http.createServer(handle);
server.on('upgrade', echo);
server.listen(port, () =>
  console.log(`whoami ${name}: listening on port ${server.address().port}${tls ? ' (https)' : ''}`),
);
