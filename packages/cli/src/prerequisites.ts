import { requirementsFor } from './prerequisites/debian-packages.js';
import { isPresent } from './prerequisites/install.js';

export interface Prerequisite {
  name: string;
  ok: boolean;
  /** What to do when it is missing. */
  fix: string;
  /** Set when Switchyard runs without it: what is lost. */
  optional?: string;
}

/** What `switchyard start` and the lab need on this machine (`test`: and what the tests need too). */
export function checkPrerequisites(purpose: 'start' | 'test' = 'start'): Prerequisite[] {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return [
    {
      name: 'running as root',
      ok: process.getuid?.() === 0,
      fix: 'the lab creates network namespaces: run as root (sudo -E npm start)',
    },
    {
      name: 'Node.js 20.19 or newer',
      ok: major > 20 || (major === 20 && minor >= 19),
      fix: `Node.js ${process.versions.node} is too old: install Node.js 20.19+`,
    },
    ...requirementsFor(purpose).map((requirement) => ({
      name: requirement.name,
      ok: isPresent(requirement),
      fix: `apt-get install ${requirement.packages.join(' ')}; as root npm start and npm test install it`,
      ...(requirement.optional === undefined || purpose === 'test' ? {} : { optional: requirement.optional }),
    })),
  ];
}

/** One line per missing prerequisite Switchyard cannot run without, or an empty list when all are there. */
export function missingPrerequisites(checks: Prerequisite[]): string[] {
  return checks
    .filter((check) => !check.ok && check.optional === undefined)
    .map((check) => `missing: ${check.name} (${check.fix})`);
}

/** One line per missing optional prerequisite: what is lost, and how to get it. */
export function missingOptional(checks: Prerequisite[]): string[] {
  return checks
    .filter((check) => !check.ok && check.optional !== undefined)
    .map((check) => `without ${check.name}: ${check.optional ?? ''} (${check.fix})`);
}
