import type { DesiredState } from '@switchyard/contracts';
import { renderFirewall } from '../../firewall/render.js';
import { bridgeNetwork, document, endpoint, port, sandbox } from '../reconcile/documents.fixture.js';

const web = bridgeNetwork('aa', 'br-aaaaaaaaaaaa', '172.18.0.0/16');
const db = bridgeNetwork('bb', 'br-bbbbbbbbbbbb', '172.19.0.0/16');

/** The documents the golden files in `__golden__/` are rendered from, by file name. */
export const goldenDocuments: Record<string, DesiredState> = {
  'bridge-masquerade': document(1, [bridgeNetwork('00', 'docker0', '172.17.0.0/16')], []),
  internal: document(1, [bridgeNetwork('cc', 'br-cccccccccccc', '172.20.0.0/16', { internal: true })], []),
  'icc-off': document(1, [bridgeNetwork('dd', 'br-dddddddddddd', '172.21.0.0/16', { icc: false })], []),
  'published-ports': document(
    1,
    [web],
    [
      sandbox(
        's1',
        'sy-host1-sb-s1',
        [endpoint(web, '172.18.0.2')],
        [
          port(8080, '172.18.0.2', 80),
          port(5353, '172.18.0.2', 53, 'udp'),
          port(8443, '172.18.0.2', 443, 'tcp', '127.0.0.1'),
        ],
      ),
    ],
  ),
  'two-bridges': document(
    1,
    [web, db, bridgeNetwork('ee', 'br-eeeeeeeeeeee', '172.22.0.0/16', { masquerade: false })],
    [],
  ),
};

/** The whole ruleset a golden document renders to, tables in a fixed order, as `nft -f` takes it. */
export function renderedRuleset(name: string): string {
  const doc = goldenDocuments[name];
  if (doc === undefined) throw new Error(`no golden document ${name}`);
  return renderFirewall(doc)
    .flatMap(({ body }) => (body === undefined ? [] : [body]))
    .join('');
}
