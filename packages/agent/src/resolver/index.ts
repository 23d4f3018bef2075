export type { EmbeddedDns } from './embedded-dns.js';
export { createEmbeddedDns, EmbeddedDnsError, type EmbeddedDnsOptions } from './create-embedded-dns.js';
export {
  createResolverClient,
  resolverPaths,
  type ResolverClient,
  type ResolverClientOptions,
} from './daemon/resolver-client.js';
