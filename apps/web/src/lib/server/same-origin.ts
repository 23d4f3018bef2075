/**
 * The dashboard's own CSRF check, before a request is forwarded to the control plane: a state-changing
 * request must come from a page of this dashboard (its Origin is this server's, and Sec-Fetch-Site,
 * where the browser sends it, is not cross-site) and carry one of `mediaTypes` (JSON unless said
 * otherwise), bodies a form cannot send. Returns the refusal's status and message, or null when the
 * request may go on.
 */
export function refuseForeignRequest(
  request: { method: string; headers: Headers },
  mediaTypes: readonly string[] = ['application/json'],
): { status: 403 | 415; message: string } | null {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase())) return null;
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site');
  // The Host the browser sent (X-Forwarded-Host is not trusted: a script could set it).
  const host = request.headers.get('host');
  if (fetchSite === 'cross-site' || fetchSite === 'same-site')
    return { status: 403, message: `refused: a request from another site (Sec-Fetch-Site: ${fetchSite})` };
  if (origin !== null) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost === null || originHost !== host)
      return { status: 403, message: `refused: a request from another origin (${origin})` };
  }
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === undefined || !mediaTypes.includes(mediaType))
    return {
      status: 415,
      message: `content-type must be ${mediaTypes.join(' or ')}, not ${request.headers.get('content-type') ?? 'none'}`,
    };
  return null;
}
