import { readFileSync, watchFile } from 'node:fs';
import { createSecureContext, type SecureContext } from 'node:tls';

/**
 * The secure context of a certificate and key kept in files, read again when the certificate file
 * changes (the control plane renews it when the host's addresses change or it ages).
 */
export function watchedSecureContext(files: { certFile: string; keyFile: string }): () => SecureContext {
  const load = () =>
    createSecureContext({ cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) });
  let current = load();
  watchFile(files.certFile, { interval: 1_000 }, () => {
    try {
      current = load();
    } catch (error) {
      console.error(`dashboard: cannot reload ${files.certFile}; keeping the previous certificate:`, error);
    }
  });
  return () => current;
}
