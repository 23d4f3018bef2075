import type { IncomingMessage, ServerResponse } from 'node:http';
import { illFormedTextPath, illFormedTextReason } from '@switchyard/contracts';
import { badParameter, DockerApiError } from './docker-error.js';
import { maxBodyBytes } from './request-guard.js';

/** Reads a JSON request body; an empty body is `{}`, as Docker treats it. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes)
      throw new DockerApiError(413, `request body is larger than ${maxBodyBytes} bytes (1 MiB)`);
    chunks.push(chunk);
  }
  return parseJsonText(Buffer.concat(chunks).toString('utf8'));
}

/** A request body's JSON; empty is `{}`. */
export function parseJsonText(raw: string): unknown {
  const text = raw.trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    throw badParameter(`invalid JSON: ${(error as Error).message}`);
  }
  const path = illFormedTextPath(body);
  if (path !== null) throw badParameter(`invalid ${path || 'request'}: ${illFormedTextReason}`);
  return body;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** Docker's boolean query parameters: `1`, `true` and `True` are true; absent, `0` and `false` are not. */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value !== null && ['1', 'true', 'True'].includes(value);
}
