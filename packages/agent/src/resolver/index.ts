export type { EmbeddedDns } from './embedded-dns.js';
export { createEmbeddedDns, EmbeddedDnsError, type EmbeddedDnsOptions } from './create-embedded-dns.js';
