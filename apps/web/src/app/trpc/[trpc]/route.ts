import type { NextRequest } from 'next/server';
import { controlPlaneUrl } from '../../../lib/server/config';

/**
 * Same-origin tRPC for the browser: forwards to the control plane at request time (a rewrite would
 * freeze the target at build time). X-Forwarded-For carries the client's address for the audit log.
 */
const forwardedRequestHeaders = ['cookie', 'content-type', 'x-forwarded-for', 'x-forwarded-proto'];

async function forwardToControlPlane(request: NextRequest): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  const headers = new Headers();
  for (const name of forwardedRequestHeaders) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';

  let upstream: Response;
  try {
    upstream = await fetch(`${controlPlaneUrl()}${pathname}${search}`, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch {
    return Response.json(
      { error: { message: 'the control plane is unreachable', code: -32603, data: { httpStatus: 502 } } },
      { status: 502 },
    );
  }

  const responseHeaders = new Headers();
  const contentType = upstream.headers.get('content-type');
  if (contentType) responseHeaders.set('content-type', contentType);
  for (const setCookie of upstream.headers.getSetCookie()) responseHeaders.append('set-cookie', setCookie);
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

export { forwardToControlPlane as GET, forwardToControlPlane as POST };
