import { imageLoadResultSchema, type ImageLoadResult } from '@switchyard/contracts';

export type UploadAnswer =
  { ok: true; result: ImageLoadResult } | { ok: false; message: string; field: string | null };

function refusalOf(body: unknown): { message: string; field: string | null } | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const { error } = body;
  if (typeof error !== 'object' || error === null || !('message' in error)) return null;
  if (typeof error.message !== 'string' || error.message === '') return null;
  const field = 'field' in error && typeof error.field === 'string' ? error.field : null;
  return { message: error.message, field };
}

/** What the control plane said to an archive upload: what it loaded, or its refusal in its own words. */
export function parseUploadAnswer(status: number, text: string): UploadAnswer {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (status >= 200 && status < 300) {
    const parsed = imageLoadResultSchema.safeParse(body);
    if (parsed.success) return { ok: true, result: parsed.data };
    return {
      ok: false,
      message: 'the control plane answered with something other than a load result',
      field: null,
    };
  }
  const refusal = refusalOf(body);
  if (refusal !== null) return { ok: false, ...refusal };
  if (status === 401) return { ok: false, message: 'your session has ended: sign in again', field: null };
  if (status === 413)
    return { ok: false, message: 'the archive is larger than the control plane accepts', field: null };
  return { ok: false, message: `the upload failed (HTTP ${status})`, field: null };
}
