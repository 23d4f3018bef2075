import { quoted } from './verdict-drift.js';

/** Each rule line of an `nft list table` text as `chain <name>: <rule>`, in order. */
function ruleLines(listing: string): string[] {
  const lines: string[] = [];
  let chain: string | undefined;
  for (const raw of listing.split('\n')) {
    const line = raw.trim();
    const head = /^chain (\S+) \{$/.exec(line);
    if (head !== null) chain = head[1];
    else if (line === '}') chain = undefined;
    else if (chain !== undefined && line !== '' && !line.startsWith('type ')) {
      lines.push(`${chain}: ${line.replace(/;$/, '')}`);
    }
  }
  return lines;
}

/** `chain forward: x` lines grouped as `` chain forward `x`, `y` ``. */
function byChain(lines: readonly string[]): string {
  const chains = new Map<string, string[]>();
  for (const line of lines) {
    const at = line.indexOf(': ');
    const name = line.slice(0, at);
    chains.set(name, [...(chains.get(name) ?? []), line.slice(at + 2)]);
  }
  return [...chains].map(([name, rules]) => `chain ${name} ${quoted(rules)}`).join(', ');
}

/**
 * How a table listed now differs from its listing right after the agent applied it, in words: the
 * rules it lacked and those it held that the agent never added, by chain; pure.
 */
export function describeTableDrift(key: string, applied: string, now: string): string {
  const was = ruleLines(applied);
  const is = ruleLines(now);
  const have = new Set(is);
  const had = new Set(was);
  const lacked = was.filter((line) => !have.has(line));
  const extra = is.filter((line) => !had.has(line));
  const parts = [
    ...(lacked.length === 0 ? [] : [`lacked ${lacked.length} of ${was.length} rules (${byChain(lacked)})`]),
    ...(extra.length === 0 ? [] : [`held ${byChain(extra)} the agent never added`]),
  ];
  return parts.length === 0
    ? `table ${key} listed differently from what was applied (chains or sets)`
    : `table ${key} ${parts.join(' and ')}`;
}
