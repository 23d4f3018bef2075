import { request } from 'node:http';

export interface EngineReply {
  status: number;
  body: unknown;
}

/**
 * One Engine API call over the control plane's unix socket, as the docker CLI makes it; the JSON
 * answer parsed (a non-JSON answer as text). Many can run at once, which the CLI cannot do cheaply.
 */
export function engineCall(
  dockerHost: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<EngineReply> {
  const socketPath = dockerHost.replace(/^unix:\/\//, '');
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(
      {
        socketPath,
        // A connection per call: a kept-alive one the server has just timed out fails with EPIPE.
        agent: false,
        method,
        path: `/v1.47${path}`,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text === '' ? null : JSON.parse(text);
          } catch {
            // Not JSON: kept as text.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

/** The `message` of a Docker error answer, or the answer as text. */
export function engineMessage(reply: EngineReply): string {
  const body = reply.body as { message?: unknown } | null;
  return typeof body?.message === 'string' ? body.message : JSON.stringify(reply.body);
}
