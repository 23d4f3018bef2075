import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.js';
import { routesFromLabels } from './label-routes.js';

const short = 'com.docker.ucp.mesh.http';

function refusal(labels: Record<string, string>): ServiceError {
  try {
    routesFromLabels(labels);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected the labels to be refused');
}

const plain = { stickyCookie: null, redirect: null, isDefault: false };

describe('routesFromLabels', () => {
  it('ignores labels outside the mesh, and the network label a service cannot mean', () => {
    expect(routesFromLabels({})).toEqual([]);
    expect(routesFromLabels({ team: 'a', 'com.docker.ucp.mesh.https': 'x' })).toEqual([]);
  });

  it('reads the short syntax, several routes comma-separated', () => {
    expect(routesFromLabels({ [short]: '8080=http://foo.example.com, 8081=sni://Bar.Example.com,' })).toEqual(
      [
        { hostname: 'bar.example.com', protocol: 'sni', internalPort: 8081, ...plain, label: short },
        { hostname: 'foo.example.com', protocol: 'http', internalPort: 8080, ...plain, label: short },
      ],
    );
  });

  it('reads the long syntax with sticky sessions and a redirect', () => {
    expect(
      routesFromLabels({
        [`${short}.1`]:
          'external_route=http://foo.example.com,internal_port=8080,sticky_sessions=SESSION,redirect=https://foo.example.com/',
        [`${short}.2`]: 'internal_port=443, external_route=sni://*.secure.example.com',
      }),
    ).toEqual([
      {
        hostname: '*.secure.example.com',
        protocol: 'sni',
        internalPort: 443,
        ...plain,
        label: `${short}.2`,
      },
      {
        hostname: 'foo.example.com',
        protocol: 'http',
        internalPort: 8080,
        stickyCookie: 'SESSION',
        redirect: 'https://foo.example.com/',
        isDefault: false,
        label: `${short}.1`,
      },
    ]);
  });

  it('gives the same routes from both syntaxes for the same intent', () => {
    const strip = (labels: Record<string, string>) =>
      routesFromLabels(labels).map(({ label: _label, ...route }) => route);
    expect(strip({ [short]: '8080=http://foo.example.com,8081=sni://bar.example.com' })).toEqual(
      strip({
        [`${short}.1`]: 'external_route=http://foo.example.com,internal_port=8080',
        [`${short}.2`]: 'external_route=sni://bar.example.com,internal_port=8081',
      }),
    );
  });

  it('quotes the part it could not read, with the reason', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { [`${short}.1`]: 'external_route=http://foo.example.com,internal_port=eighty' },
        `label ${short}.1: cannot read "internal_port=eighty": internal_port must be a port number from 1 to 65535`,
      ],
      [
        { [`${short}.1`]: 'external_route=http://foo.example.com,internal_port=70000' },
        `label ${short}.1: cannot read "internal_port=70000": internal_port must be a port number from 1 to 65535`,
      ],
      [
        { [short]: '80=ftp://foo.example.com' },
        `label ${short}: cannot read "80=ftp://foo.example.com": the mesh serves http and sni (TLS passed through by server name), not ftp`,
      ],
      [
        { [short]: 'eighty=http://foo.example.com' },
        `label ${short}: cannot read "eighty=http://foo.example.com": the internal port must be a port number from 1 to 65535`,
      ],
      [
        { [short]: 'http://foo.example.com' },
        `label ${short}: cannot read "http://foo.example.com": expected <internal port>=<scheme>://<hostname>, as in 8080=http://foo.example.com`,
      ],
      [
        { [short]: '80=foo.example.com' },
        `label ${short}: cannot read "80=foo.example.com": expected <scheme>://<hostname>, as in http://foo.example.com`,
      ],
      [
        { [short]: '80=http://bad_host.example.com' },
        `label ${short}: cannot read "80=http://bad_host.example.com": hostname has an invalid label "bad_host": use a-z, 0-9 and inner hyphens, at most 63 characters`,
      ],
      [
        { [short]: '80=http://foo.example.com:8080' },
        `label ${short}: cannot read "80=http://foo.example.com:8080": leave out the port: the mesh listens on its own HTTP and SNI ports on every host`,
      ],
      [
        { [short]: '80=http://foo.example.com/app' },
        `label ${short}: cannot read "80=http://foo.example.com/app": a route is a whole hostname: leave out the path "/app"`,
      ],
      [
        { [`${short}.1`]: 'external_route=http://foo.example.com,internal_port=80,weight=3' },
        `label ${short}.1: cannot read "weight=3": unknown setting weight: use external_route, internal_port, sticky_sessions, redirect`,
      ],
      [
        { [`${short}.1`]: 'external_route=http://foo.example.com,internal_port' },
        `label ${short}.1: cannot read "internal_port": expected setting=value, as in internal_port=8080`,
      ],
      [
        { [`${short}.1`]: 'external_route=http://foo.example.com,internal_port=80,internal_port=81' },
        `label ${short}.1: cannot read "internal_port=81": internal_port is given twice`,
      ],
      [
        {
          [`${short}.1`]: 'external_route=http://foo.example.com,internal_port=80,sticky_sessions=two words',
        },
        `label ${short}.1: cannot read "sticky_sessions=two words": sticky_sessions must be a cookie name: letters, digits and !#$%&'*+.^_\`|~-`,
      ],
      [
        { [`${short}.1`]: 'external_route=http://foo.example.com,internal_port=80,redirect=ftp://x' },
        `label ${short}.1: cannot read "redirect=ftp://x": redirect must be an http:// or https:// URL`,
      ],
      [
        { [`${short}.1`]: 'external_route=sni://foo.example.com,internal_port=443,sticky_sessions=S' },
        `label ${short}.1: cannot read "sticky_sessions=S": an sni route passes TLS through untouched, so it cannot set a sticky cookie`,
      ],
      [
        {
          [`${short}.1`]:
            'external_route=sni://foo.example.com,internal_port=443,redirect=https://x.example.com',
        },
        `label ${short}.1: cannot read "redirect=https://x.example.com": an sni route passes TLS through untouched, so it cannot redirect`,
      ],
    ];
    for (const [labels, message] of cases) {
      expect(refusal(labels), JSON.stringify(labels)).toMatchObject({
        code: 'BAD_REQUEST',
        field: 'labels',
        message,
      });
    }
  });

  it('names what a label lacks', () => {
    expect(refusal({ [`${short}.1`]: 'internal_port=80' }).message).toBe(
      `label ${short}.1: external_route is required, as in external_route=http://foo.example.com`,
    );
    expect(refusal({ [`${short}.1`]: 'external_route=http://foo.example.com' }).message).toBe(
      `label ${short}.1: internal_port is required, as in internal_port=8080`,
    );
    expect(refusal({ [`${short}.1`]: '' }).message).toBe(
      `label ${short}.1: external_route is required, as in external_route=http://foo.example.com`,
    );
    expect(refusal({ [short]: ' , ' }).message).toBe(
      `label ${short}: gives no route: expected <internal port>=<scheme>://<hostname>, comma-separated`,
    );
    expect(
      refusal({ [`${short}.web`]: 'external_route=http://a.example.com,internal_port=80' }).message,
    ).toBe(`label ${short}.web: expected a number after ${short}., as in ${short}.1`);
  });

  it('refuses one hostname routed twice, naming both labels', () => {
    expect(refusal({ [short]: '80=http://foo.example.com,81=http://FOO.example.com' }).message).toBe(
      `label ${short}: routes hostname foo.example.com twice`,
    );
    expect(
      refusal({
        [short]: '80=http://foo.example.com',
        [`${short}.1`]: 'external_route=http://foo.example.com,internal_port=81',
      }).message,
    ).toBe(`label ${short}.1: hostname foo.example.com is already routed by label ${short}`);
  });
});
