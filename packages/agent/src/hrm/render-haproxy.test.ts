import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { goldenDir, goldenMeshes, renderedGolden, route } from '../test-support/hrm/golden-meshes.js';
import { renderHaproxy } from './render-haproxy.js';

const render = (routes: Parameters<typeof route>[] = []) =>
  renderHaproxy(
    { httpPort: 80, sniPort: 443, links: [], routes: routes.map((args) => route(...args)) },
    { dir: goldenDir },
  );

describe('HAProxy renderer', () => {
  for (const name of Object.keys(goldenMeshes)) {
    it(`renders ${name} as in __golden__/${name}.haproxy`, async () => {
      const golden = await readFile(new URL(`./__golden__/${name}.haproxy`, import.meta.url), 'utf8');
      expect(renderedGolden(name)).toBe(golden);
    });
  }

  it('renders the same files whatever order the routes come in', () => {
    const routes = goldenMeshes.routes?.routes ?? [];
    const mesh = { httpPort: 80, sniPort: 443, links: [], routes };
    const reversed = { ...mesh, routes: [...routes].reverse() };
    expect(renderHaproxy(reversed, { dir: goldenDir })).toEqual(renderHaproxy(mesh, { dir: goldenDir }));
  });

  it('puts the longest wildcard suffix first, since map_end takes the first match', () => {
    const { files } = render([
      ['a', '*.example.com'],
      ['b', '*.a.b.example.com'],
      ['c', '*.b.example.com'],
    ]);
    expect(files['wildcards.map']).toBe(
      '.a.b.example.com route_b\n.b.example.com route_c\n.example.com route_a\n',
    );
  });

  it('quotes what it writes into the config and keeps markup out of pages', () => {
    const { config } = render([
      ['r', 'r.example.com', { redirect: 'https://x.example.org/a%20b/' }],
      [
        's',
        's.example.com',
        { stickyCookie: 'a"$b', backends: [{ task: 'web 1', address: '10.0.0.2', port: 80 }] },
      ],
      ['e', 'e.example.com', { serviceName: '<script>' }],
    ] as Parameters<typeof route>[]);
    expect(config).toContain('http-request redirect prefix "https://x.example.org/a%%20b" code 302');
    expect(config).toContain('cookie "a\\"\\$b" insert indirect nocache httponly');
    expect(config).toContain('server web_1 10.0.0.2:80 cookie "web 1"');
    expect(config).toContain('The service <b>&#60;script&#62;</b> has no healthy task');
  });

  it('leaves out of the maps a hostname that would break their lines', () => {
    const { files } = render([['x', 'bad host.example.com']]);
    expect(files['hosts.map']).toBe('');
  });

  it('answers errors with whole HTTP responses of the right length', () => {
    const { files } = render();
    for (const name of ['502.http', 'unreachable.http', '504.http']) {
      const [head = '', body = ''] = (files[name] ?? '').split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 50[24] /);
      expect(head).toContain(`content-length: ${Buffer.byteLength(body)}`);
    }
  });
});
