import { parseUploadAnswer, type UploadAnswer } from './upload-answer';

/** Where the dashboard's server takes an archive and streams it on to the control plane. */
export const imageUploadPath = '/upload/images';

export interface UploadProgress {
  sent: number;
  total: number;
}

/**
 * Sends an image archive as the request body (no multipart wrapper, so nothing has to be unpacked on
 * the way). XMLHttpRequest rather than fetch: only it reports upload progress.
 */
export function uploadImageArchive(
  file: File,
  onProgress: (progress: UploadProgress) => void,
  signal: AbortSignal,
): Promise<UploadAnswer> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', imageUploadPath);
    request.setRequestHeader('content-type', 'application/x-tar');
    request.upload.onprogress = (event) =>
      onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
    request.onload = () => resolve(parseUploadAnswer(request.status, request.responseText));
    request.onerror = () =>
      resolve({ ok: false, message: 'the dashboard could not be reached', field: null });
    request.onabort = () => resolve({ ok: false, message: 'the upload was cancelled', field: null });
    signal.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
}
