export const joinTokenPrefix = 'SYJOIN';
const version = '1';

export interface ParsedJoinToken {
  /** SHA-256 of the cluster CA's certificate, lower-case hex: the agent trusts only that CA. */
  caDigest: string;
  secret: string;
}

/** `SYJOIN-1-<CA digest>-<secret>`, after Swarm's `SWMTKN-1-<CA digest>-<secret>`. */
export function formatJoinToken(caDigest: string, secret: string): string {
  return `${joinTokenPrefix}-${version}-${caDigest}-${secret}`;
}

/** The token's parts, or undefined when it is not a join token of this format. */
export function parseJoinToken(token: string): ParsedJoinToken | undefined {
  const match = /^SYJOIN-1-([0-9a-f]{64})-([A-Za-z0-9_-]{32,128})$/.exec(token);
  if (match === null) return undefined;
  return { caDigest: match[1] ?? '', secret: match[2] ?? '' };
}
