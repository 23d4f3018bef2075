// A stand-in agent for the resolver's integration test: feeds the resolver process the sandboxes
// given as JSON in argv, says "fed", and waits to be killed, as an agent would be.
import { desiredSandboxSchema } from '@switchyard/contracts';
import { createResolverClient } from '../../resolver/index.js';

const [stateDir = '', sandboxes = '[]'] = process.argv.slice(2);
const client = createResolverClient({ stateDir, upstreams: [], log: (line) => console.error(line) });
client
  .sync(desiredSandboxSchema.array().parse(JSON.parse(sandboxes)))
  .then(() => console.log('fed'))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
setInterval(() => undefined, 60_000);
