/** The short pages the routing mesh answers with when it cannot reach a service. */

function page(title: string, text: string): string {
  return `<!doctype html>\n<html><head><title>${title}</title></head>\n<body><h1>${title}</h1>\n<p>${text}</p>\n<hr><p>switchyard routing mesh</p></body></html>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A whole HTTP response, as HAProxy's errorfile takes it. */
function errorResponse(status: string, text: string): string {
  const body = page(status, text);
  return [
    `HTTP/1.1 ${status}`,
    'content-type: text/html; charset=utf-8',
    'cache-control: no-cache',
    `content-length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

export const errorFiles: Record<string, string> = {
  '502.http': errorResponse(
    '502 Bad Gateway',
    "The service's task closed the connection or sent an invalid response.",
  ),
  'unreachable.http': errorResponse(
    '502 Bad Gateway',
    'No task of the service could be reached: the connection was refused or failed.',
  ),
  '504.http': errorResponse('504 Gateway Timeout', "The service's task did not answer in time."),
};

/** A log-format page: HAProxy fills in the requested host, URL-encoded so it cannot inject markup. */
export const noRoutePage = page(
  '503 Service Unavailable',
  'No route exists for the host <b>%[var(txn.host),url_enc]</b> on this routing mesh.',
);

export function noTaskPage(serviceName: string): string {
  return page(
    '503 Service Unavailable',
    `The service <b>${escapeHtml(serviceName)}</b> has no healthy task to answer this request.`,
  );
}
