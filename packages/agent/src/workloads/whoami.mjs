// switchyard/whoami: answers every HTTP request with who served it, like traefik/whoami's text
// output. Plain JS with no dependencies, so each replica costs one small Node process.
import http from 'node:http';
import os from 'node:os';

const name = process.env.SWITCHYARD_CONTAINER_NAME || process.env.HOSTNAME || os.hostname();
const port = Number(process.env.PORT || 80);

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

const server = http.createServer((request, response) => {
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
});

server.listen(port, () => console.log(`whoami ${name}: listening on port ${server.address().port}`));
