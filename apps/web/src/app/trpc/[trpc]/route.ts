import type { NextRequest } from 'next/server';
import { controlPlaneUrl, webProxySecret } from '../../../lib/server/config';
import { forwardedHeaders } from '../../../lib/server/forwarded-headers';
import { refuseForeignRequest } from '../../../lib/server/same-origin';

/**
 * Same-origin tRPC for the browser: forwards to the control plane at request time (a rewrite would
 * freeze the target at build time). X-Forwarded-For carries the client's address for the audit log
 * and the login throttle, X-Forwarded-Host, Origin and Sec-Fetch-Site what the control plane's CSRF
 * check needs, with the secret that makes the control plane believe them; without that secret a
 * mutation from another origin or with a non-JSON body is refused here.
 */
const forwardedRequestHeaders = ['cookie', 'content-type', 'x-forwarded-proto'];

function trpcError(status: number, message: string): Response {
  return Response.json({ error: { message, code: -32003, data: { httpStatus: status } } }, { status });
}

async function forwardToControlPlane(request: NextRequest): Promise<Response> {
  const secret = webProxySecret();
  // With the shared secret the control plane makes the same check and records the refusal.
  const refusal = secret === undefined ? refuseForeignRequest(request) : null;
  if (refusal !== null) return trpcError(refusal.status, refusal.message);
  const { pathname, search } = request.nextUrl;
  const headers = forwardedHeaders(request, forwardedRequestHeaders, secret);
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
  const retryAfter = upstream.headers.get('retry-after');
  if (retryAfter) responseHeaders.set('retry-after', retryAfter);
  for (const setCookie of upstream.headers.getSetCookie()) responseHeaders.append('set-cookie', setCookie);
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

export { forwardToControlPlane as GET, forwardToControlPlane as POST };
