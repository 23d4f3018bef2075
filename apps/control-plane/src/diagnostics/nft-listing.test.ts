import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dnatTargets,
  mapElements,
  markRelevant,
  mentions,
  parseNftListing,
  setElements,
} from './nft-listing.js';
import { lbListing } from '../test-support/diagnostics/path.fixture.js';

// Listed by nft 1.0.6 on a lab host: the routing mesh publishing 8080, a user bridge publishing 8081.
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ingress = parseNftListing({
  table: { family: 'ip', name: 'switchyard_ingress' },
  present: true,
  text: fixture('ingress.nft'),
});
const lb = (text: string) =>
  parseNftListing({ table: { family: 'ip', name: 'switchyard_lb' }, present: true, text });

describe('parseNftListing', () => {
  it('splits a table into its maps, sets and chains, hooks apart from rules', () => {
    expect(ingress.blocks.map((block) => `${block.kind} ${block.name}`)).toEqual([
      'map published',
      'chain prerouting',
      'chain output',
      'chain postrouting',
      'chain pub-tcp-8080',
    ]);
    expect(ingress.blocks[1]).toEqual({
      kind: 'chain',
      name: 'prerouting',
      header: ['type nat hook prerouting priority dstnat; policy accept;'],
      lines: [{ text: 'fib daddr type local meta l4proto . th dport vmap @published', relevant: false }],
    });
    expect(ingress.blocks[0]?.header).toEqual(['type inet_proto . inet_service : verdict']);
  });

  it('reads map elements, even spread over lines, and set elements', () => {
    const table = lb(
      lbListing(undefined, ['10.0.2.2 . tcp . 80 : goto svc-a', '10.0.2.7 . tcp . 443 : goto svc-b']),
    );
    expect([...mapElements(table, 'services')]).toEqual([
      ['10.0.2.2 . tcp . 80', 'goto svc-a'],
      ['10.0.2.7 . tcp . 443', 'goto svc-b'],
    ]);
    expect(setElements(table, 'no-backends')).toEqual([]);
    expect(mapElements(ingress, 'published').get('tcp . 8080')).toBe('goto pub-tcp-8080');
  });

  it('finds where a chain DNATs to: a numgen map or a single address', () => {
    expect(dnatTargets(ingress, 'pub-tcp-8080')).toEqual(['10.0.0.5', '10.0.0.6']);
    const nat = parseNftListing({
      table: { family: 'ip', name: 'switchyard_nat' },
      present: true,
      text: fixture('nat.nft'),
    });
    expect(dnatTargets(nat, 'published')).toEqual(['172.30.0.2']);
    expect(dnatTargets(lb(lbListing([])), 'svc-cmx1cejw9000')).toEqual([]);
    expect(dnatTargets(nat, 'nope')).toBeUndefined();
  });

  it('marks the lines that concern a bridge, a subnet or an address, and whole chains by name', () => {
    const nat = markRelevant(
      parseNftListing({
        table: { family: 'ip', name: 'switchyard_nat' },
        present: true,
        text: fixture('nat.nft'),
      }),
      ['br-5ca58c4adc0a', '172.30.0.0/16', '172.30.0.2', 'prerouting'],
    );
    const relevant = nat.blocks.flatMap((block) =>
      block.lines.filter((l) => l.relevant).map((l) => `${block.name}: ${l.text}`),
    );
    expect(relevant).toEqual([
      'prerouting: fib daddr type local jump published',
      'published: tcp dport 8081 dnat to 172.30.0.2:80',
      'postrouting: ip saddr 172.30.0.0/16 oifname != "br-5ca58c4adc0a" masquerade',
      'postrouting: oifname "br-5ca58c4adc0a" ip saddr 172.30.0.0/16 ip daddr 172.30.0.2 tcp dport 80 ct status dnat masquerade',
      'postrouting: oifname "br-5ca58c4adc0a" ip saddr 127.0.0.0/8 masquerade',
    ]);
  });
});

describe('mentions', () => {
  it('matches whole addresses and names only', () => {
    expect(mentions('dnat to 10.0.2.2:80', '10.0.2.2')).toBe(true);
    expect(mentions('dnat to 10.0.2.23', '10.0.2.2')).toBe(false);
    expect(mentions('ip daddr 10.0.2.2.', '10.0.2.2')).toBe(true);
    expect(mentions('oifname "br0x"', 'br0')).toBe(false);
    expect(mentions('oifname "br0"', 'br0')).toBe(true);
  });
});
