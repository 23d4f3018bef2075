import { describe, expect, it } from 'vitest';
import { servicePortSchema } from '@switchyard/contracts';
import { settleServicePorts } from './published-ports.js';

const port = (input: Parameters<typeof servicePortSchema.parse>[0]) => servicePortSchema.parse(input);

describe('settleServicePorts', () => {
  it('refuses a port another service holds, naming it', () => {
    expect(() =>
      settleServicePorts(
        [port({ targetPort: 80, publishedPort: 8080 })],
        [{ protocol: 'tcp', publishedPort: 8080, serviceName: 'web' }],
      ),
    ).toThrow('port 8080 is already in use by service web');
    // The same number over UDP is another port.
    expect(
      settleServicePorts(
        [port({ targetPort: 53, publishedPort: 8080, protocol: 'udp' })],
        [{ protocol: 'tcp', publishedPort: 8080, serviceName: 'web' }],
      )[0]?.publishedPort,
    ).toBe(8080);
  });

  it('picks free ports from 30000 and keeps the ones the service already had', () => {
    const held = [{ protocol: 'tcp', publishedPort: 30000, serviceName: 'a' }];
    const settled = settleServicePorts(
      [port({ targetPort: 80 }), port({ targetPort: 443, publishedPort: 30001 })],
      held,
    );
    expect(settled.map((p) => p.publishedPort)).toEqual([30002, 30001]);
    const again = settleServicePorts([port({ targetPort: 80 })], held, settled);
    expect(again[0]?.publishedPort).toBe(30002);
  });
});
