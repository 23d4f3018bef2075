import { describe, expect, it } from 'vitest';
import { endpointHolders } from './endpoint-holders.js';

const container = (name: string) => ({ sandbox: { name, task: null } });
const task = (name: string) => ({ sandbox: { name, task: { id: `t-${name}` } } });

describe('endpointHolders', () => {
  it('names containers and tasks holding a network, the first three then how many more', () => {
    expect(endpointHolders([container('web'), task('api.1')])).toBe('container web, task api.1');
    const many = endpointHolders([
      container('a'),
      container('b'),
      task('c.1'),
      container('d'),
      container('e'),
    ]);
    console.log(`holders: ${many}`);
    expect(many).toBe('container a, container b, task c.1 and 2 more');
  });
});
