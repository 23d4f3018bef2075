import { describe, expect, it } from 'vitest';
import { parseMapElements } from './map-elements.js';

describe('parseMapElements', () => {
  it('writes each element as the agent adds it: concatenated key, then its verdict', () => {
    // `nft -j list map ip switchyard_lb services` (nft 1.0.6) in a sandbox balancing one VIP.
    const listing = JSON.stringify({
      nftables: [
        { metainfo: { version: '1.0.6', json_schema_version: 1 } },
        {
          map: {
            family: 'ip',
            name: 'services',
            table: 'switchyard_lb',
            type: ['ipv4_addr', 'inet_proto', 'inet_service'],
            map: 'verdict',
            elem: [
              [{ concat: ['10.0.2.2', 'tcp', 80] }, { goto: { target: 'svc-cmx1cqv0c000' } }],
              [{ concat: ['tcp', 8080] }, { goto: { target: 'pub-tcp-8080' } }],
            ],
          },
        },
      ],
    });
    expect(parseMapElements(listing)).toEqual([
      '10.0.2.2 . tcp . 80 : goto svc-cmx1cqv0c000',
      'tcp . 8080 : goto pub-tcp-8080',
    ]);
  });

  it('reads a map without elements as empty', () => {
    expect(parseMapElements('{"nftables": [{"metainfo": {}}, {"map": {"name": "services"}}]}')).toEqual([]);
  });
});
