import type { MachineRequirement } from './debian-packages.js';

export interface InstallSituation {
  /** The requirements whose probes failed. */
  missing: readonly MachineRequirement[];
  /** SWITCHYARD_NO_INSTALL: only check and report. */
  noInstall: boolean;
  isRoot: boolean;
  /** Whether apt-get is there (a Debian-like machine). */
  hasApt: boolean;
}

export type InstallPlan =
  | { action: 'none' }
  /** Nothing is installed: these lines say what is missing and why it is not installed. */
  | { action: 'report'; lines: string[] }
  | {
      action: 'install';
      packages: string[];
      /** Said once, before installing: what and why. */
      announcement: string[];
      commands: string[][];
      env: Record<string, string>;
    };

const missingLine = (requirement: MachineRequirement) =>
  `missing: ${requirement.name} (${requirement.packages.join(' ')}: ${requirement.why})`;

/** What to do about what is missing: nothing, install it with apt-get, or only say so (and why). */
export function planInstall(situation: InstallSituation): InstallPlan {
  const { missing } = situation;
  if (missing.length === 0) return { action: 'none' };
  const reason = situation.noInstall
    ? 'SWITCHYARD_NO_INSTALL is set: nothing is installed'
    : !situation.isRoot
      ? 'not running as root: run as root to have them installed'
      : !situation.hasApt
        ? 'apt-get is not there: install them with your package manager'
        : null;
  const packages = [...new Set(missing.flatMap((requirement) => requirement.packages))];
  if (reason !== null)
    return {
      action: 'report',
      lines: [...missing.map(missingLine), `${reason} (apt-get install ${packages.join(' ')})`],
    };
  return {
    action: 'install',
    packages,
    announcement: [
      `Installing the Debian packages this machine lacks (apt-get install -y ${packages.join(' ')}):`,
      ...missing.map((requirement) => `  ${requirement.packages.join(' ')}: ${requirement.why}`),
      '  (SWITCHYARD_NO_INSTALL=1 only checks)',
    ],
    commands: [
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', ...packages],
    ],
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  };
}
