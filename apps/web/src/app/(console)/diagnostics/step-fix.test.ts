import { describe, expect, it } from 'vitest';
import { splitFix } from './step-fix';

describe('splitFix', () => {
  it('takes the command that ends a step’s sentence apart from it', () => {
    const message =
      "sy-host1: tool's sandbox: table inet hid, chain out, rule handle 2 (ip daddr 10.0.2.3 drop) drops tcp → 10.0.2.3:80 (task web.1 on sy-host2) leaving tool: ip netns exec sy-host1-sb-1 nft delete rule inet hid out handle 2";
    expect(splitFix(message)).toEqual({
      text: "sy-host1: tool's sandbox: table inet hid, chain out, rule handle 2 (ip daddr 10.0.2.3 drop) drops tcp → 10.0.2.3:80 (task web.1 on sy-host2) leaving tool:",
      fix: 'ip netns exec sy-host1-sb-1 nft delete rule inet hid out handle 2',
    });
  });

  it('leaves a sentence without a command whole', () => {
    const message =
      'sy-host1: the overlay appnet (vx-257) has no FDB entry for 02:42:0a:00:02:04 → 192.168.70.12';
    expect(splitFix(message)).toEqual({ text: message, fix: null });
  });
});
