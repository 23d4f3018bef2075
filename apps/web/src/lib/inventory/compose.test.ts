import { describe, expect, it } from 'vitest';
import { composeChipText, composeMembership, composeProjects } from './compose';

const labels = (project: string, service: string, number = '1') => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.container-number': number,
  'com.example.tier': 'front',
});

describe('compose membership from container labels', () => {
  it('reads the project, service and replica docker-compose labels a container with', () => {
    expect(composeMembership(labels('shop', 'web', '2'))).toEqual({
      project: 'shop',
      service: 'web',
      number: '2',
    });
    expect(composeMembership({ 'com.docker.compose.project': 'solo' })).toEqual({
      project: 'solo',
      service: null,
      number: null,
    });
  });

  it('is null for a container compose did not make', () => {
    expect(composeMembership({})).toBeNull();
    expect(composeMembership({ 'com.docker.compose.project': '' })).toBeNull();
    expect(composeMembership({ 'com.docker.compose.service': 'web' })).toBeNull();
  });

  it('lists each project once, sorted', () => {
    const containers = [{ labels: labels('shop', 'web') }, { labels: {} }, { labels: labels('blog', 'db') }];
    expect(composeProjects([...containers, { labels: labels('shop', 'tool') }])).toEqual(['blog', 'shop']);
  });

  it('names the replica only past the first', () => {
    expect(composeChipText({ project: 'shop', service: 'web', number: '1' })).toBe('shop · web');
    expect(composeChipText({ project: 'shop', service: 'web', number: '3' })).toBe('shop · web #3');
    expect(composeChipText({ project: 'shop', service: null, number: null })).toBe('shop');
  });
});
