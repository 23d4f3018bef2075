import { isObject, type Json, type NftChain, type NftRule } from './ruleset.js';

/** Meta keys nft prints without `meta`. */
const bareMeta = new Set(['iif', 'oif', 'iifname', 'oifname', 'iiftype', 'oiftype']);

/** An nft JSON value (`ip daddr`, `10.0.0.0/8`, `{ 80, 443 }`) as nft prints it, near enough to read. */
export function describeValue(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) return value.map(describeValue).join(',');
  const [key, inner] = Object.entries(value)[0] ?? ['', null];
  if (!isObject(inner)) {
    if (key === 'set' && Array.isArray(inner)) return `{ ${inner.map(describeValue).join(', ')} }`;
    if (key === 'concat' && Array.isArray(inner)) return inner.map(describeValue).join(' . ');
    if (key === 'range' && Array.isArray(inner)) return inner.map(describeValue).join('-');
    return key;
  }
  switch (key) {
    case 'payload':
      return `${describeValue(inner['protocol'])} ${describeValue(inner['field'])}`;
    case 'meta': {
      const key = describeValue(inner['key']);
      return bareMeta.has(key) ? key : `meta ${key}`;
    }
    case 'ct':
      return `ct ${describeValue(inner['key'])}`;
    case 'prefix':
      return `${describeValue(inner['addr'])}/${describeValue(inner['len'])}`;
    default:
      return key;
  }
}

const verdicts = new Set(['accept', 'drop', 'return', 'continue']);

/** One statement of a rule as nft prints it: `ip daddr 10.0.2.3`, `drop`, `jump sub`. */
export function describeStatement(statement: Json): string {
  if (!isObject(statement)) return describeValue(statement);
  const [key, inner] = Object.entries(statement)[0] ?? ['', null];
  if (verdicts.has(key)) return key;
  if (key === 'match' && isObject(inner)) {
    const op = inner['op'] === '==' || inner['op'] === 'in' ? '' : `${describeValue(inner['op'])} `;
    return `${describeValue(inner['left'])} ${op}${describeValue(inner['right'])}`;
  }
  if ((key === 'jump' || key === 'goto') && isObject(inner))
    return `${key} ${describeValue(inner['target'])}`;
  if (key === 'reject' && isObject(inner) && inner['type'] === 'tcp reset') return 'reject with tcp reset';
  if (key === 'vmap' && isObject(inner))
    return `${describeValue(inner['key'])} vmap ${describeValue(inner['data'])}`;
  return key;
}

export function describeRule(rule: NftRule): string {
  return rule.expr
    .map(describeStatement)
    .filter((part) => part !== '' && part !== 'counter')
    .join(' ');
}

/** `table inet hid, chain out` */
export const chainLabel = (chain: Pick<NftChain, 'family' | 'table' | 'name'>) =>
  `table ${chain.family} ${chain.table}, chain ${chain.name}`;
