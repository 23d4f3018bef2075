import { describe, expect, it } from 'vitest';
import { servicePortSchema } from '@switchyard/contracts';
import type { ServiceError } from '../errors.js';
import { meshPorts, reservedPorts, settleServicePorts } from './published-ports.js';

const port = (input: Parameters<typeof servicePortSchema.parse>[0]) => servicePortSchema.parse(input);

describe('settleServicePorts', () => {
  it('refuses a port another service holds, naming it', () => {
    expect(() =>
      settleServicePorts(
        [port({ targetPort: 80, publishedPort: 8080 })],
        [{ protocol: 'tcp', publishedPort: 8080, holder: 'service web' }],
      ),
    ).toThrow('port 8080 is already in use by service web');
    // The same number over UDP is another port.
    expect(
      settleServicePorts(
        [port({ targetPort: 53, publishedPort: 8080, protocol: 'udp' })],
        [{ protocol: 'tcp', publishedPort: 8080, holder: 'service web' }],
      )[0]?.publishedPort,
    ).toBe(8080);
  });

  it('picks free ports from 30000 and keeps the ones the service already had', () => {
    const held = [{ protocol: 'tcp', publishedPort: 30000, holder: 'service a' }];
    const settled = settleServicePorts(
      [port({ targetPort: 80 }), port({ targetPort: 443, publishedPort: 30001 })],
      held,
    );
    expect(settled.map((p) => p.publishedPort)).toEqual([30002, 30001]);
    const again = settleServicePorts([port({ targetPort: 80 })], held, settled);
    expect(again[0]?.publishedPort).toBe(30002);
  });

  it('keeps the HTTP routing mesh’s ports for its proxy on every host', () => {
    expect(() =>
      settleServicePorts([port({ targetPort: 80, publishedPort: 80 })], meshPorts(80, 8443)),
    ).toThrow('port 80 is already in use by the HTTP routing mesh (SWITCHYARD_HRM_HTTP_PORT)');
  });
});

describe('reserved ports', () => {
  const reserved = reservedPorts({ port: 7080 });

  it('refuses the VXLAN port, SSH and the control plane’s port, saying why and naming the field', () => {
    const refusal = (input: Parameters<typeof port>[0]) => {
      try {
        settleServicePorts([port({ targetPort: 80 }), port(input)], [], [], reserved);
      } catch (error) {
        return error as ServiceError;
      }
      throw new Error('not refused');
    };
    const vxlan = refusal({ targetPort: 53, publishedPort: 4789, protocol: 'udp', publishMode: 'host' });
    expect(vxlan.code).toBe('BAD_REQUEST');
    expect(vxlan.field).toBe('ports.1.publishedPort');
    expect(vxlan.message).toBe(
      "ports.1.publishedPort: published port 4789/udp is reserved for the overlay's VXLAN traffic",
    );
    expect(refusal({ targetPort: 22, publishedPort: 22 }).message).toContain('22/tcp is reserved for SSH');
    expect(refusal({ targetPort: 80, publishedPort: 7080 }).message).toContain(
      '7080/tcp is reserved for the control plane (SWITCHYARD_PORT)',
    );
    // The same numbers over the other protocol are free.
    expect(
      settleServicePorts([port({ targetPort: 80, publishedPort: 4789 })], [], [], reserved)[0]?.publishedPort,
    ).toBe(4789);
  });

  it('follows the configured control-plane port, and keeps 7080 when it listens on an ephemeral one', () => {
    expect(reservedPorts({ port: 9000 }).map((p) => `${p.port}/${p.protocol}`)).toEqual([
      '4789/udp',
      '22/tcp',
      '9000/tcp',
    ]);
    expect(reservedPorts({ port: 0 }).map((p) => p.port)).toContain(7080);
  });

  it('never picks a reserved port for a port without a number', () => {
    const settled = settleServicePorts([port({ targetPort: 80 })], [], [], reservedPorts({ port: 30_000 }));
    expect(settled[0]?.publishedPort).toBe(30_001);
  });
});
