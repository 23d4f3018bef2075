import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSecret } from '../auth/secrets.js';
import { writePrivateFile } from '../pki/private-file.js';

/** `<data dir>/metrics-token`: the bearer token a Prometheus server scrapes with (0600, root's). */
export function scrapeTokenPath(dataDir: string): string {
  return join(dataDir, 'metrics-token');
}

/**
 * The scrape token, made at the first start and kept across restarts so a scrape configuration
 * (Prometheus' `authorization.credentials_file`) stays valid. It opens the metrics and nothing else.
 */
export async function loadOrCreateScrapeToken(dataDir: string): Promise<string> {
  const path = scrapeTokenPath(dataDir);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined && existing.trim().startsWith('symetrics-')) return existing.trim();
  const token = generateSecret('symetrics');
  await writePrivateFile(path, `${token}\n`);
  return token;
}
