import { startControlPlane } from '@switchyard/control-plane';
import type { Command } from '../command.js';
import { parseOptions, parsePort } from '../options.js';
import { printAdminPassword, waitForShutdownSignal } from '../process-lifecycle.js';

export const controlPlaneCommand: Command = {
  async run(argv) {
    const { values } = parseOptions(argv, {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
    });
    const controlPlane = await startControlPlane({
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
      port: parsePort('port', values.port, 7080),
    });
    console.log(`control plane listening on ${controlPlane.url} (data in ${controlPlane.config.dataDir})`);
    printAdminPassword(controlPlane.generatedAdminPassword);
    await waitForShutdownSignal();
    await controlPlane.close();
    return 0;
  },
};
