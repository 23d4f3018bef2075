import type { NextRequest } from 'next/server';
import { controlPlaneUrl, webProxySecret } from '../../../lib/server/config';
import { forwardedHeaders } from '../../../lib/server/forwarded-headers';
import { refuseForeignRequest } from '../../../lib/server/same-origin';

/**
 * The Images page's upload: the archive's bytes stream on to the control plane's `/ui/images/load`
 * as they arrive (an image can be far larger than this server should hold), with the browser's
 * cookie, which the control plane checks for the operator role. A tar body is one a form cannot
 * send, so the same-origin check the tRPC route makes holds here too.
 */
const archiveMediaTypes = ['application/x-tar'];
const forwardedRequestHeaders = ['cookie', 'content-type', 'content-length', 'x-forwarded-proto'];

function refusal(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}

export async function POST(request: NextRequest): Promise<Response> {
  const secret = webProxySecret();
  // With the shared secret the control plane makes the same check and records the refusal.
  const refused = secret === undefined ? refuseForeignRequest(request, archiveMediaTypes) : null;
  if (refused !== null) return refusal(refused.status, refused.message);

  let upstream: Response;
  try {
    upstream = await fetch(`${controlPlaneUrl()}/ui/images/load`, {
      method: 'POST',
      headers: forwardedHeaders(request, forwardedRequestHeaders, secret),
      body: request.body,
      // A streamed request body: undici sends it as it is read, and needs to be told so.
      duplex: 'half',
      cache: 'no-store',
      redirect: 'manual',
    } as RequestInit & { duplex: 'half' });
  } catch {
    return refusal(502, 'the control plane is unreachable');
  }
  const headers = new Headers();
  const contentType = upstream.headers.get('content-type');
  if (contentType) headers.set('content-type', contentType);
  return new Response(upstream.body, { status: upstream.status, headers });
}
