import { createHash } from 'node:crypto';

/**
 * The chain ID of an image's layers, the name containerd gives the committed snapshot of them all:
 * chainID(0) = diffId(0), chainID(n) = sha256(chainID(n-1) + " " + diffId(n)) (OCI image spec).
 */
export function chainId(diffIds: readonly string[]): string | undefined {
  const [first, ...rest] = diffIds;
  if (first === undefined) return undefined;
  return rest.reduce(
    (chain, diffId) => `sha256:${createHash('sha256').update(`${chain} ${diffId}`).digest('hex')}`,
    first,
  );
}
