import type { Command } from '../command.js';
import { checkPrerequisites } from '../prerequisites.js';

export const doctorCommand: Command = {
  async run() {
    const checks = checkPrerequisites();
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
