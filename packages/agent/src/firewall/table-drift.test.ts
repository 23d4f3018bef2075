import { describe, expect, it } from 'vitest';
import { describeTableDrift } from './table-drift.js';

const applied = `table ip switchyard_filter {
	chain forward {
		type filter hook forward priority filter; policy accept;
		iifname "br-a" oifname "br-a" accept
		iifname "br-a" drop
	}
	chain output {
		type filter hook output priority filter; policy accept;
		ip daddr 127.0.0.0/8 drop
	}
}
`;

describe('describeTableDrift', () => {
  it('names the rules a flushed chain lacked, by chain', () => {
    const now = applied.replace('\t\tiifname "br-a" oifname "br-a" accept\n\t\tiifname "br-a" drop\n', '');
    expect(describeTableDrift('ip switchyard_filter', applied, now)).toBe(
      'table ip switchyard_filter lacked 2 of 3 rules (chain forward `iifname "br-a" oifname "br-a" accept`, `iifname "br-a" drop`)',
    );
  });

  it('names a rule added by hand', () => {
    const now = applied.replace(
      'ip daddr 127.0.0.0/8 drop',
      'ip daddr 127.0.0.0/8 drop\n\t\tip daddr 10.0.0.9 drop',
    );
    expect(describeTableDrift('ip switchyard_filter', applied, now)).toBe(
      'table ip switchyard_filter held chain output `ip daddr 10.0.0.9 drop` the agent never added',
    );
  });

  it('says when only something other than rules differs', () => {
    const now = applied.replace('policy accept;\n\t\tip daddr', 'policy drop;\n\t\tip daddr');
    expect(describeTableDrift('ip switchyard_filter', applied, now)).toBe(
      'table ip switchyard_filter listed differently from what was applied (chains or sets)',
    );
  });
});
