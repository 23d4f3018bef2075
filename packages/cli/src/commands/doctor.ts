import type { Command } from '../command.js';
import { checkPrerequisites } from '../prerequisites.js';

export const doctorCommand: Command = {
  async run() {
    const checks = checkPrerequisites();
    for (const check of checks)
      console.log(`${check.ok ? 'ok     ' : 'MISSING'} ${check.name}${check.ok ? '' : `: ${check.fix}`}`);
    return checks.every((check) => check.ok) ? 0 : 1;
  },
};
