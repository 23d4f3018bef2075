import { describe, expect, it } from 'vitest';
import { hostState, notRoutableReason, type HostFacts } from './route-status.js';

const node = (extra: Partial<HostFacts> = {}): HostFacts => ({
  id: 'n1',
  name: 'host-1',
  ready: true,
  conditions: [{ object: 'hrm/proxy', ready: true }],
  desiredRevision: 4,
  observedRevision: 4,
  capabilities: ['vxlan'],
  meshed: true,
  ...extra,
});
const joins = () => null;

describe('notRoutableReason', () => {
  it('tells the fix: join the hrm network, or another mesh network when hrm is gone', () => {
    expect(notRoutableReason('web', ['edge', 'hrm'])).toBe(
      'service web is not on the hrm network (or another network labelled com.docker.ucp.mesh.http): docker service update --network-add hrm web',
    );
    expect(notRoutableReason('web', ['edge'])).toContain('docker service update --network-add edge web');
    expect(notRoutableReason('web', [])).toBe(
      'no network is labelled com.docker.ucp.mesh.http: docker network create --driver overlay --attachable --label com.docker.ucp.mesh.http=true hrm, then docker service update --network-add hrm web',
    );
  });
});

describe('hostState', () => {
  it('is ready once the proxy is up and the node has applied its latest document', () => {
    expect(hostState(node(), true, joins)).toEqual({
      nodeId: 'n1',
      nodeName: 'host-1',
      state: 'ready',
      message: null,
    });
    expect(hostState(node({ observedRevision: 3 }), true, joins)).toMatchObject({
      state: 'pending',
      message: 'the proxy is applying the latest routes',
    });
    expect(hostState(node({ conditions: [] }), true, joins)).toMatchObject({ state: 'pending' });
  });

  it('is down with its node, and an error with the proxy’s message', () => {
    expect(hostState(node({ ready: false }), true, joins)).toMatchObject({
      state: 'down',
      message: 'node host-1 is down',
    });
    const failing = node({
      conditions: [{ object: 'hrm/proxy', ready: false, message: 'bind :80: in use' }],
    });
    expect(hostState(failing, true, joins)).toMatchObject({ state: 'error', message: 'bind :80: in use' });
    expect(hostState(failing, false, joins)).toMatchObject({ state: 'error' });
  });

  it('is pending for a route the proxies are not given', () => {
    expect(hostState(node(), false, joins)).toMatchObject({
      state: 'pending',
      message: 'not sent to the proxy: the route is not routable',
    });
  });

  it('says why a ready node has no leg into the mesh', () => {
    expect(hostState(node({ meshed: false }), true, joins)).toMatchObject({
      state: 'pending',
      message: 'the node is joining the mesh',
    });
    expect(hostState(node({ meshed: false }), true, () => 'no VXLAN support')).toMatchObject({
      state: 'error',
      message: 'no VXLAN support',
    });
  });
});
