import type { NftBlockView, NftFact, NftTableView } from '@switchyard/contracts';

const blockStart = /^(chain|map|set) (\S+) \{$/;
/** Lines of a map or set that describe it rather than hold its elements. */
const headerWord = /^(type|flags|timeout|gc-interval|size|policy|hook|comment|typeof) /;

/** `elements = { a, b,\n c }` (spread over lines by nft) as one element a line. */
function elementLines(body: readonly string[]): { elements: string[]; rest: string[] } {
  const elements: string[] = [];
  const rest: string[] = [];
  let open: string | null = null;
  for (const line of body) {
    if (open === null && !line.startsWith('elements = {')) {
      rest.push(line);
      continue;
    }
    open = `${open ?? ''} ${open === null ? line.slice('elements = {'.length) : line}`;
    if (!line.endsWith('}')) continue;
    elements.push(
      ...open
        .replace(/\}\s*$/, '')
        .split(',')
        .map((element) => element.trim().replace(/\s+/g, ' '))
        .filter((element) => element !== ''),
    );
    open = null;
  }
  return { elements, rest };
}

function block(kind: NftBlockView['kind'], name: string, body: readonly string[]): NftBlockView {
  if (kind === 'chain') {
    // A base chain's first line is its hook (`type nat hook output ...`); rules follow.
    const header = body[0]?.startsWith('type ') ? [body[0]] : [];
    return {
      kind,
      name,
      header,
      lines: body.slice(header.length).map((text) => ({ text, relevant: false })),
    };
  }
  const { elements, rest } = elementLines(body);
  return {
    kind,
    name,
    header: rest.filter((line) => headerWord.test(line)),
    lines: elements.map((text) => ({ text, relevant: false })),
  };
}

/** `nft list table` output, chain by chain (and map and set), with each line trimmed. */
export function parseNftListing(fact: NftFact): NftTableView {
  const blocks: NftBlockView[] = [];
  let current: { kind: NftBlockView['kind']; name: string; body: string[] } | null = null;
  for (const raw of fact.text.split('\n')) {
    const line = raw.trim();
    const start = blockStart.exec(line);
    if (current === null) {
      if (start !== null)
        current = { kind: start[1] as NftBlockView['kind'], name: start[2] ?? '', body: [] };
      continue;
    }
    if (line === '}') {
      blocks.push(block(current.kind, current.name, current.body));
      current = null;
    } else if (line !== '') {
      current.body.push(line);
    }
  }
  return { family: fact.table.family, name: fact.table.name, present: fact.present, blocks };
}

/** Whether `text` names `needle` as a whole word: 10.0.2.2 is not in 10.0.2.23, nor br0 in br0x. */
export function mentions(text: string, needle: string): boolean {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text.slice(at + needle.length, at + needle.length + 2);
    if (/[\w.-]/.test(before)) continue;
    if (/^[\w-]/.test(after) || /^\.\d/.test(after)) continue;
    return true;
  }
  return false;
}

/**
 * Marks the lines that mention any of `needles` (a VIP, an interface, an address), and every line of
 * a chain a needle names.
 */
export function markRelevant(table: NftTableView, needles: readonly string[]): NftTableView {
  return {
    ...table,
    blocks: table.blocks.map((entry) => {
      const named = needles.includes(entry.name);
      return {
        ...entry,
        lines: entry.lines.map((line) => ({
          ...line,
          relevant: line.relevant || named || needles.some((needle) => mentions(line.text, needle)),
        })),
      };
    }),
  };
}

/** A map's elements as `key → verdict`, e.g. `10.0.2.2 . tcp . 80` → `goto svc-abc`. */
export function mapElements(table: NftTableView, map: string): Map<string, string> {
  const found = table.blocks.find((entry) => entry.kind === 'map' && entry.name === map);
  const elements = new Map<string, string>();
  for (const { text } of found?.lines ?? []) {
    const at = text.lastIndexOf(' : ');
    if (at > 0) elements.set(text.slice(0, at), text.slice(at + 3));
  }
  return elements;
}

/** A set's elements, e.g. the VIP keys a load balancer refuses for want of backends. */
export function setElements(table: NftTableView, set: string): string[] {
  const found = table.blocks.find((entry) => entry.kind === 'set' && entry.name === set);
  return (found?.lines ?? []).map((line) => line.text);
}

const ipv4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;

/** Where a chain's `dnat` rules send connections: every address of its numgen map, or its one target. */
export function dnatTargets(table: NftTableView, chain: string): string[] | undefined {
  const found = table.blocks.find((entry) => entry.kind === 'chain' && entry.name === chain);
  if (found === undefined) return undefined;
  return found.lines.flatMap(({ text }) => {
    if (!text.includes('dnat to')) return [];
    const mapped = [...text.matchAll(new RegExp(String.raw`\d+ : (${ipv4})`, 'g'))].map((m) => m[1] ?? '');
    if (mapped.length > 0) return mapped;
    const single = new RegExp(String.raw`dnat to (${ipv4})`).exec(text)?.[1];
    return single === undefined ? [] : [single];
  });
}
