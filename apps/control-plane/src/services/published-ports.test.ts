import { describe, expect, it } from 'vitest';
import { servicePortSchema } from '@switchyard/contracts';
import { meshPorts, settleServicePorts } from './published-ports.js';

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
