import { describe, expect, it } from 'vitest';
import { parseTableListing } from './table-listing.js';

describe('parseTableListing', () => {
  it('reads chains with their rules, a verdict map and a set from `nft -j list table`', () => {
    // `nft -j list table ip switchyard_lb` (nft 1.0.6) in a sandbox balancing one VIP, shortened.
    const listing = JSON.stringify({
      nftables: [
        { metainfo: { version: '1.0.6', json_schema_version: 1 } },
        { table: { family: 'ip', name: 'switchyard_lb', handle: 1 } },
        {
          map: {
            family: 'ip',
            name: 'services',
            table: 'switchyard_lb',
            type: ['ipv4_addr', 'inet_proto', 'inet_service'],
            handle: 1,
            map: 'verdict',
            elem: [[{ concat: ['10.0.2.2', 'tcp', 80] }, { goto: { target: 'svc-cmx1cqv0c000' } }]],
          },
        },
        { set: { family: 'ip', name: 'no-backends', table: 'switchyard_lb', handle: 2 } },
        {
          chain: {
            family: 'ip',
            table: 'switchyard_lb',
            name: 'output',
            handle: 3,
            type: 'nat',
            hook: 'output',
            prio: -100,
            policy: 'accept',
          },
        },
        { chain: { family: 'ip', table: 'switchyard_lb', name: 'svc-cmx1cqv0c000', handle: 4 } },
        {
          rule: {
            family: 'ip',
            table: 'switchyard_lb',
            chain: 'svc-cmx1cqv0c000',
            handle: 9,
            expr: [{ dnat: { addr: { map: { key: { numgen: { mode: 'random', mod: 1 } } } } } }],
          },
        },
      ],
    });
    const table = parseTableListing(listing);
    expect(table.elements.get('services')).toEqual(['10.0.2.2 . tcp . 80 : goto svc-cmx1cqv0c000']);
    expect(table.elements.get('no-backends')).toEqual([]);
    expect(table.chains.get('output')).toEqual({ head: '["nat","output",-100,"accept"]', rules: [] });
    expect(table.chains.get('svc-cmx1cqv0c000')?.rules).toEqual([
      '[{"dnat":{"addr":{"map":{"key":{"numgen":{"mode":"random","mod":1}}}}}}]',
    ]);
  });
});
