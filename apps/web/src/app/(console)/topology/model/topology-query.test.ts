import { describe, expect, it } from 'vitest';
import { parseTopologyQuery, topologyQueryString } from './topology-query';

describe('parseTopologyQuery', () => {
  it('reads repeated filters, the search, the renderer and the view', () => {
    const query = parseTopologyQuery(
      new URLSearchParams(
        'network=a&network=b&service=web&host=h1&label=tier%3Dfront&q=10.0&renderer=canvas&view=list',
      ),
    );
    expect(query).toEqual({
      filter: { networks: ['a', 'b'], services: ['web'], hosts: ['h1'], labels: ['tier=front'] },
      search: '10.0',
      renderer: 'canvas',
      view: 'list',
    });
  });

  it('ignores empty values and an unknown renderer', () => {
    const query = parseTopologyQuery(new URLSearchParams('network=&renderer=webgl&view=3d'));
    expect(query.filter.networks).toEqual([]);
    expect(query.renderer).toBe('auto');
    expect(query.view).toBe('auto');
  });

  it('round-trips through the query string', () => {
    const query = parseTopologyQuery(new URLSearchParams('network=a&q=x&renderer=svg&view=map'));
    expect(topologyQueryString(query)).toBe('?network=a&q=x&renderer=svg&view=map');
    expect(parseTopologyQuery(new URLSearchParams(topologyQueryString(query).slice(1)))).toEqual(query);
  });

  it('writes nothing for the default view', () => {
    expect(topologyQueryString(parseTopologyQuery(new URLSearchParams()))).toBe('');
  });
});
