import { UsageError, type Command } from '../command.js';
import { parseOptions } from '../options.js';
import { checkPrerequisites, missingPrerequisites } from '../prerequisites.js';
import { installMissing } from '../prerequisites/install.js';

export const doctorUsage = `Usage: switchyard doctor [--for start|test] [--install]

Checks that this machine has what Switchyard needs: for \`npm start\` (the default) or also for the tests.
  --for test   also what \`npm test\` needs (its pretest runs \`doctor --for test --install\`)
  --install    as root, first install the Debian packages that are missing with apt-get, saying
               what and why; with SWITCHYARD_NO_INSTALL=1 it only reports them. Then prints only problems.`;

export const doctorCommand: Command = {
  async run(argv) {
    const { values } = parseOptions(argv, {
      for: { type: 'string' },
      install: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      console.log(doctorUsage);
      return 0;
    }
    const purpose = values.for ?? 'start';
    if (purpose !== 'start' && purpose !== 'test')
      throw new UsageError(`--for must be start or test, not "${purpose}"`);
    if (values.install === true) {
      const reported = new Set(installMissing(purpose));
      const checks = checkPrerequisites(purpose);
      const missing = missingPrerequisites(checks.filter((check) => !reported.has(check.name)));
      for (const line of missing) console.error(line);
      return missingPrerequisites(checks).length === 0 ? 0 : 1;
    }
    const checks = checkPrerequisites(purpose);
    for (const check of checks) {
      const status = check.ok ? 'ok     ' : check.optional === undefined ? 'MISSING' : 'missing';
      const detail = check.ok
        ? ''
        : `: ${check.optional === undefined ? '' : `${check.optional}; `}${check.fix}`;
      console.log(`${status} ${check.name}${detail}`);
    }
    return checks.every((check) => check.ok || check.optional !== undefined) ? 0 : 1;
  },
};
