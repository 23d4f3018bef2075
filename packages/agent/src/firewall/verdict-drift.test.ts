import { describe, expect, it } from 'vitest';
import type { ListedChain, TableListing } from './table-listing.js';
import {
  describeFindings,
  describeRestored,
  quoted,
  verdictDrift,
  type AppliedVerdictTable,
} from './verdict-drift.js';

const rule = '[{"dnat":"a"}]';
const dispatch: ListedChain = { head: 'nat output', rules: ['[{"vmap":"services"}]'] };
const applied: AppliedVerdictTable = {
  name: 'ip switchyard_lb',
  map: 'services',
  hookChains: new Map([['output', ['ip daddr . meta l4proto . th dport vmap @services']]]),
  chains: new Map([
    ['svc-a', { keys: ['10.0.0.2 . tcp . 80'], rules: ['dnat to 10.0.0.5'] }],
    ['svc-b', { keys: ['10.0.0.3 . tcp . 80'], rules: ['dnat to 10.0.0.6'] }],
  ]),
  listed: new Map([
    ['output', dispatch],
    ['svc-a', { head: '', rules: [rule] }],
  ]),
};
const intact = (): TableListing => ({
  chains: new Map([
    ['output', dispatch],
    ['svc-a', { head: '', rules: [rule] }],
    ['svc-b', { head: '', rules: ['[{"dnat":"b"}]'] }],
  ]),
  elements: new Map([['services', ['10.0.0.2 . tcp . 80 : goto svc-a', '10.0.0.3 . tcp . 80 : goto svc-b']]]),
});

describe('verdictDrift', () => {
  it('finds nothing in a table as applied, and learns the chains it had not read yet', () => {
    const drift = verdictDrift(applied, intact());
    expect(drift.findings).toEqual([]);
    expect(drift.listed.get('svc-b')).toEqual({ head: '', rules: ['[{"dnat":"b"}]'] });
  });

  it('names a service chain whose rule was deleted while its map element stayed', () => {
    const listing = intact();
    listing.chains.set('svc-b', { head: '', rules: [] });
    const drift = verdictDrift(applied, listing);
    expect(drift.findings).toEqual([
      { found: 'chain svc-b had 0 of 1 rule', restored: 'restored `dnat to 10.0.0.6` in chain svc-b' },
    ]);
    expect(drift.listed.has('svc-b')).toBe(false);
  });

  it('names a rule edited in place, a missing chain, a changed policy and map elements', () => {
    const listing = intact();
    listing.chains.set('svc-a', { head: '', rules: ['[{"drop":null}]'] });
    listing.chains.delete('svc-b');
    listing.chains.set('output', { ...dispatch, head: 'nat output drop' });
    listing.elements.set('services', [
      '10.0.0.2 . tcp . 80 : goto svc-a',
      '10.0.0.9 . tcp . 22 : goto svc-a',
    ]);
    const { findings } = verdictDrift(applied, listing);
    expect(findings.map((finding) => finding.found)).toEqual([
      'chain output had its hook or policy changed',
      'chain svc-a had rule 1 changed',
      'chain svc-b was missing',
      'map services lacked 10.0.0.3 . tcp . 80 : goto svc-b',
      'map services held 10.0.0.9 . tcp . 22 : goto svc-a the agent never added',
    ]);
    expect(describeRestored(findings)).toBe(
      'restored `ip daddr . meta l4proto . th dport vmap @services` in chain output; ' +
        'restored `dnat to 10.0.0.5` in chain svc-a; restored `dnat to 10.0.0.6` in chain svc-b; ' +
        'restored `10.0.0.3 . tcp . 80 : goto svc-b` in map services; and 1 more',
    );
    expect(findings[4]?.restored).toBe('removed `10.0.0.9 . tcp . 22 : goto svc-a` from map services');
  });

  it('names a missing table', () => {
    expect(verdictDrift(applied, undefined).findings).toEqual([
      { found: 'table ip switchyard_lb was missing', restored: 'restored the whole table (3 chains)' },
    ]);
  });
});

describe('describeFindings', () => {
  it('keeps the first few findings and counts the rest', () => {
    const finding = (found: string) => ({ found, restored: `restored ${found}` });
    expect(describeFindings(['a', 'b', 'c'].map(finding), 2)).toBe('a; b; and 1 more');
    expect(describeFindings([finding('a')])).toBe('a');
    expect(describeRestored([finding('a')])).toBe('restored a');
  });

  it('quotes the first few items and counts the rest', () => {
    expect(quoted(['a', 'b', 'c'])).toBe('`a`, `b` and 1 more');
    expect(quoted(['a'])).toBe('`a`');
  });
});
