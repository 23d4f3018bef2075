import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainId } from './chain-id.js';

const layer = (n: number) => `sha256:${String(n).repeat(64)}`;

describe('chainId', () => {
  it('is the only diff ID of a one-layer image', () => {
    expect(chainId([layer(1)])).toBe(layer(1));
  });

  it('hashes each parent chain with the next diff ID, separated by a space', () => {
    const two = `sha256:${createHash('sha256')
      .update(`${layer(1)} ${layer(2)}`)
      .digest('hex')}`;
    const three = `sha256:${createHash('sha256')
      .update(`${two} ${layer(3)}`)
      .digest('hex')}`;
    expect(chainId([layer(1), layer(2)])).toBe(two);
    expect(chainId([layer(1), layer(2), layer(3)])).toBe(three);
  });

  it('has none without layers', () => {
    expect(chainId([])).toBeUndefined();
  });
});
