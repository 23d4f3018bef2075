import type { Command } from '../command.js';
import { startControlPlaneProcess } from '../control-plane-process.js';
import { parseOptions, parsePort } from '../options.js';
import { printAdminPassword, waitForShutdownSignal } from '../process-lifecycle.js';

export const controlPlaneCommand: Command = {
  async run(argv) {
    const { values } = parseOptions(argv, {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'docker-api': { type: 'string' },
      'docker-tls': { type: 'string' },
    });
    const controlPlane = await startControlPlaneProcess({
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values['docker-api'] !== undefined ? { dockerApi: values['docker-api'] } : {}),
      ...(values['docker-tls'] !== undefined ? { dockerTls: values['docker-tls'] } : {}),
      port: parsePort('port', values.port, 7080),
    });
    console.log(`control plane listening on ${controlPlane.url} (data in ${controlPlane.dataDir})`);
    if (controlPlane.dockerHost !== null)
      console.log(`Docker Engine API: export DOCKER_HOST=${controlPlane.dockerHost}`);
    printAdminPassword(controlPlane.generatedAdminPassword);
    const stopped = await Promise.race([waitForShutdownSignal(), controlPlane.exited.then(() => null)]);
    if (stopped === null) throw new Error('the control plane exited unexpectedly');
    await controlPlane.stop();
    return 0;
  },
};
