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

const server = http.createServer((request, response) => {
  request.resume();
  if (request.url === '/health') {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('OK\n');
    return;
  }
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
