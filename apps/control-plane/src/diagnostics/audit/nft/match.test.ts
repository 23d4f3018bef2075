import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeFlow, type Flow } from './match.js';
import { parseRuleset, type Json } from './ruleset.js';

// Fixtures are `nft -j list ruleset` as this machine's nft 1.0.6 printed it: foreign.json from
// foreign.nft, switchyard.json from the agent's golden lb-table.nft and icc-off.nft, client-sandbox.json
// and host.json read from a lab's sandbox and host namespace.
const fixture = (name: string) =>
  parseRuleset(
    JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8')) as Json,
  );

const out: Flow = {
  route: 'out',
  saddr: '10.0.1.5',
  daddr: '10.0.2.4',
  protocol: 'tcp',
  sport: null,
  dport: 80,
  iifname: null,
  oifname: 'eth0',
  ct: 'new',
  direction: 'original',
};
const reply: Flow = {
  ...out,
  route: 'in',
  saddr: out.daddr,
  daddr: out.saddr,
  sport: 80,
  dport: null,
  iifname: 'eth0',
  oifname: null,
  ct: 'established',
  direction: 'reply',
};

describe('judging a flow against a whole nft ruleset', () => {
  const foreign = fixture('foreign');

  it('names the rule of a table the agent did not make that drops an address', () => {
    const verdict = judgeFlow(foreign, { ...out, daddr: '10.0.2.3' });
    expect(verdict).toMatchObject({ verdict: 'drop', certain: true });
    expect(verdict.droppedBy).toMatchObject({ handle: 6, text: 'ip daddr 10.0.2.3 drop' });
    expect(verdict.droppedBy?.chain).toMatchObject({ family: 'inet', table: 'hid', name: 'out' });
  });

  it('lets through what no rule drops, and lists the chains it passed', () => {
    const verdict = judgeFlow(foreign, out);
    expect(verdict).toMatchObject({ verdict: 'accept', droppedBy: null });
    expect(verdict.traversed).toEqual(['table inet hid, chain out (output 0): accept (policy accept)']);
  });

  it('matches a named interval set (prefixes and single addresses) and an anonymous port set', () => {
    expect(judgeFlow(foreign, { ...out, daddr: '10.0.5.77', dport: 443 }).droppedBy).toMatchObject({
      handle: 8,
      text: 'ip daddr @blocked tcp dport { 80, 443 } reject with tcp reset',
    });
    expect(judgeFlow(foreign, { ...out, daddr: '10.0.5.77', dport: 8080 }).verdict).toBe('accept');
  });

  it('evaluates l4proto, interface names and prefixes of the source', () => {
    expect(judgeFlow(foreign, { ...out, protocol: 'udp', oifname: 'eth9' }).droppedBy?.handle).toBe(9);
    expect(judgeFlow(foreign, { ...out, protocol: 'udp', oifname: 'eth0' }).verdict).toBe('accept');
    const ping: Flow = { ...out, protocol: 'icmp', dport: null, icmpType: 'echo-request' };
    expect(judgeFlow(foreign, { ...ping, saddr: '10.0.1.9' }).droppedBy?.handle).toBe(10);
    expect(judgeFlow(foreign, { ...ping, saddr: '10.0.3.9' }).verdict).toBe('accept');
  });

  it('follows a jump and its return, and a negated prefix', () => {
    const outside = { ...out, daddr: '192.0.2.1', sport: 1000 };
    expect(judgeFlow(foreign, outside).droppedBy).toMatchObject({ handle: 13, chain: { name: 'sub' } });
    expect(judgeFlow(foreign, { ...outside, sport: 40_000 }).verdict).toBe('accept');
  });

  it('calls a rule whose match it cannot evaluate one that may drop, not a drop and not nothing', () => {
    const verdict = judgeFlow(foreign, { ...out, sport: 40_000 });
    expect(verdict.verdict).toBe('accept');
    expect(verdict.mayDrop).toEqual([
      expect.objectContaining({ handle: 11, text: 'meta mark 1 drop', why: 'meta mark' }),
    ]);
  });

  it('accepts replies by ct state and counts a base chain policy drop', () => {
    expect(judgeFlow(foreign, reply).verdict).toBe('accept');
    const fresh = judgeFlow(foreign, { ...reply, ct: 'new', sport: 5000, dport: 22 });
    expect(fresh).toMatchObject({ verdict: 'drop', certain: true });
    expect(fresh.droppedBy).toMatchObject({
      handle: null,
      text: 'policy drop',
      chain: { name: 'in', prio: -10 },
    });
    expect(judgeFlow(foreign, { ...reply, ct: 'new', sport: 5000, dport: 80 }).verdict).toBe('accept');
  });

  it('judges bridged frames against bridge tables only, by port', () => {
    const bridged: Flow = { ...out, route: 'bridged', iifname: 'veth1234567', oifname: 'vx-257' };
    expect(judgeFlow(foreign, bridged).droppedBy).toMatchObject({ handle: 3, chain: { family: 'bridge' } });
    const dns: Flow = { ...bridged, iifname: 'veth7654321', protocol: 'udp', daddr: '10.0.2.3', dport: 53 };
    expect(judgeFlow(foreign, dns).droppedBy?.handle).toBe(2);
    expect(judgeFlow(foreign, { ...bridged, iifname: 'veth7654321' }).verdict).toBe('accept');
  });

  it('sees a netdev ingress chain only on its device', () => {
    const spoofed: Flow = { ...reply, saddr: '1.2.3.4', iifname: 'lo' };
    expect(judgeFlow(foreign, spoofed).droppedBy).toMatchObject({
      chain: { family: 'netdev', name: 'ingress' },
    });
  });
});

describe("judging a flow against the agent's own tables", () => {
  const ours = fixture('switchyard');

  it('passes a VIP with backends and refuses one without, by its concatenated set', () => {
    expect(judgeFlow(ours, { ...out, daddr: '10.0.9.2' }).verdict).toBe('accept');
    const empty = judgeFlow(ours, { ...out, daddr: '10.0.9.4' });
    expect(empty.droppedBy).toMatchObject({ chain: { name: 'reject-output' }, handle: expect.any(Number) });
    expect(empty.certain).toBe(true);
  });

  it('drops bridged traffic between containers of a network without ICC, and nothing else', () => {
    const routed: Flow = { ...out, route: 'forward', iifname: 'br-dddddddddddd', oifname: 'br-dddddddddddd' };
    const icc = judgeFlow(ours, routed);
    expect(icc.verdict).toBe('drop');
    // `ct status dnat accept` before it cannot be evaluated: the drop is not certain.
    expect(icc.certain).toBe(false);
    expect(judgeFlow(ours, { ...routed, dnat: false })).toMatchObject({ verdict: 'drop', certain: true });
    expect(judgeFlow(ours, { ...routed, oifname: 'eth0' }).verdict).toBe('accept');
  });

  it('finds nothing to drop in a real sandbox or host namespace of a healthy lab', () => {
    const sandbox = judgeFlow(fixture('client-sandbox'), { ...out, saddr: '10.0.2.5', daddr: '10.0.2.2' });
    expect(sandbox).toMatchObject({ verdict: 'accept', mayDrop: [] });
    const vxlan: Flow = {
      ...out,
      protocol: 'udp',
      saddr: '192.168.71.11',
      daddr: '192.168.71.12',
      dport: 4789,
    };
    expect(judgeFlow(fixture('host'), vxlan)).toMatchObject({ verdict: 'accept', mayDrop: [] });
  });
});

describe('concatenations', () => {
  const host = fixture('host');

  it('matches interface pairs, and rules out a set on the parts it knows', () => {
    const gw: Flow = { ...out, route: 'forward', iifname: 'docker_gwbridge', oifname: 'docker0' };
    expect(judgeFlow(host, gw).droppedBy?.text).toBe(
      'iifname . oifname { docker_gwbridge . docker0, docker0 . docker_gwbridge } drop',
    );
    const reply: Flow = {
      ...out,
      saddr: '10.0.2.3',
      daddr: '10.0.2.5',
      sport: 80,
      dport: null,
      ct: 'established',
    };
    // The VIP set holds no 10.0.2.5: the unknown port does not make the reject rules "may drop".
    expect(judgeFlow(fixture('client-sandbox'), reply)).toMatchObject({ verdict: 'accept', mayDrop: [] });
  });
});
