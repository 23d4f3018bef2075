import type { DataplaneSnapshot } from '../osl/dataplane.js';
import type { LinkState } from '../osl/links.js';

/** A line a pass ran for an object, in a namespace (undefined: the host). */
export interface TouchedLine {
  netns: string | undefined;
  line: string;
}

const fallback = 'its links, addresses or routes differed from what was applied';

function linksIn(snapshot: DataplaneSnapshot, netns: string | undefined): readonly LinkState[] {
  if (netns === undefined) return snapshot.host;
  return snapshot.sandboxes.get(netns)?.links ?? snapshot.spaces.get(netns)?.links ?? [];
}

/** What `link set <dev> …` says the kernel had instead, or undefined for a step of making it. */
function linkSet(dev: string, words: readonly string[], link: LinkState | undefined): string | undefined {
  const [word, value] = words;
  switch (word) {
    case 'up':
      return `${dev} was down`;
    case 'down':
      return `${dev} was up`;
    case 'mtu':
      return `${dev} had MTU ${link?.mtu ?? '?'}, not ${value ?? '?'}`;
    case 'master':
      return `${dev} was ${link?.master === undefined ? 'on no bridge' : `on ${link.master}`}, not on ${value ?? '?'}`;
    case 'nomaster':
      return `${dev} was on ${link?.master ?? 'a bridge'}`;
    case 'address':
      return `${dev} had MAC ${link?.mac ?? '?'}, not ${value ?? '?'}`;
    case 'type':
      return words.includes('hairpin')
        ? `${dev} had hairpin ${link?.hairpin === true ? 'on' : 'off'}`
        : undefined;
    case 'netns':
    case 'name':
    case 'alias':
      return undefined;
    default:
      return `${dev} differed (${words.join(' ')})`;
  }
}

/**
 * What the kernel held instead of what the lines a repair ran put back (`FDB entry 02:42:… dst
 * 192.168.99.12 on vx-257 was missing`), read from the snapshot the pass planned them from; pure.
 */
export function describeNetDrift(lines: readonly TouchedLine[], snapshot: DataplaneSnapshot): string {
  // Links and namespaces made now: what is set up in them is part of making them, not drift.
  const made = new Set<string>();
  const madeSpaces = new Set<string>();
  const said: string[] = [];
  for (const { netns, line } of lines) {
    if (netns !== undefined && madeSpaces.has(netns)) continue;
    const where = netns === undefined ? 'on the host' : `in ${netns}`;
    const words = line
      .split(' ')
      .filter((word, i) => !(i === 2 && word === 'dev' && line.startsWith('link set ')));
    const phrase = ((): string | undefined => {
      if (words[0] === 'netns' && words[1] === 'add') {
        madeSpaces.add(words[2] ?? '');
        return `namespace ${words[2] ?? '?'} was missing`;
      }
      if (words[0] === 'link' && words[1] === 'add') {
        const name = words[2] === 'link' ? words[5] : words[2];
        const peer = words.indexOf('peer');
        if (peer >= 0 && words[peer + 1] === 'name') made.add(words[peer + 2] ?? '');
        made.add(name ?? '');
        return `link ${name ?? '?'} was missing ${where}`;
      }
      if (words[0] === 'link' && words[1] === 'del')
        return `link ${words[2] ?? '?'} ${where} was not the agent's`;
      if (words[0] === 'link' && words[1] === 'set') {
        const dev = words[2] ?? '?';
        if (words[3] === 'name') made.add(words[4] ?? '');
        if (made.has(dev)) return undefined;
        const said = linkSet(
          dev,
          words.slice(3),
          linksIn(snapshot, netns).find((link) => link.name === dev),
        );
        return said === undefined ? undefined : `${said} ${where}`;
      }
      if (words[0] === 'addr' && (words[1] === 'add' || words[1] === 'replace')) {
        const dev = words[4] ?? '?';
        return made.has(dev) ? undefined : `${dev} lacked address ${words[2] ?? '?'} ${where}`;
      }
      if (words[0] === 'addr' && words[1] === 'del') {
        return `${words[4] ?? '?'} held address ${words[2] ?? '?'} the agent never added ${where}`;
      }
      if (line.startsWith('route replace default via ')) {
        const gateway = words[4] ?? '?';
        const was = netns === undefined ? undefined : snapshot.sandboxes.get(netns)?.defaultGateway;
        if (was === gateway) return undefined;
        return was === null || was === undefined
          ? `there was no default route ${where} (wanted via ${gateway})`
          : `the default route ${where} was via ${was}, not ${gateway}`;
      }
      if (line === 'route del default') {
        const was = netns === undefined ? undefined : snapshot.sandboxes.get(netns)?.defaultGateway;
        return `a default route${was === null || was === undefined ? '' : ` via ${was}`} the agent never added ${where}`;
      }
      if (words[0] === 'route' && words[1] === 'replace' && words[3] === 'dev') {
        return `the route to ${words[2] ?? '?'} on ${words[4] ?? '?'} was missing ${where}`;
      }
      const space = netns === undefined ? undefined : snapshot.spaces.get(netns);
      if (words[0] === 'neigh' && words[1] === 'replace') {
        const [address, mac, dev] = [words[2] ?? '?', words[4] ?? '?', words[6] ?? '?'];
        const known = space?.neighbours.find((entry) => entry.device === dev && entry.address === address);
        return known === undefined
          ? `neighbour ${address} (${mac}) on ${dev} was missing ${where}`
          : `neighbour ${address} on ${dev} had MAC ${known.mac}, not ${mac} ${where}`;
      }
      if (words[0] === 'neigh' && words[1] === 'del') {
        return `neighbour ${words[2] ?? '?'} on ${words[4] ?? '?'} was not the agent's ${where}`;
      }
      if (words[0] === 'fdb' && words[1] === 'replace') {
        const [mac, dev, dst] = [words[2] ?? '?', words[4] ?? '?', words[6] ?? '?'];
        const remotes = (space?.fdb ?? []).filter((entry) => entry.device === dev && entry.mac === mac);
        return remotes.length === 0
          ? `FDB entry ${mac} dst ${dst} on ${dev} was missing ${where}`
          : `FDB entry ${mac} on ${dev} pointed to ${remotes.map((entry) => entry.dst).join(', ')}, not ${dst} ${where}`;
      }
      if (words[0] === 'fdb' && words[1] === 'del') {
        return `FDB entry ${words[2] ?? '?'} dst ${words[6] ?? '?'} on ${words[4] ?? '?'} was not the agent's ${where}`;
      }
      return undefined;
    })();
    if (phrase !== undefined && !said.includes(phrase)) said.push(phrase);
  }
  return said.length === 0 ? fallback : said.join('; ');
}
