import { spawnSync } from 'node:child_process';
import { installDisabled, installerEnv } from '../config.js';
import { requirementsFor, type MachineRequirement } from './debian-packages.js';
import { planInstall } from './install-plan.js';

function commandWorks(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

export function isPresent(requirement: MachineRequirement): boolean {
  return requirement.probes.every(([command, ...args]) => commandWorks(command, args));
}

/**
 * Installs with apt-get the Debian packages this machine lacks for `purpose`, saying what and why
 * (as root, unless SWITCHYARD_NO_INSTALL is set: then it only says what is missing). What is still
 * missing afterwards is the caller's to judge (the prerequisites check). Returns the names of the
 * requirements it reported missing without installing them, so they are not said twice.
 */
export function installMissing(purpose: 'start' | 'test'): string[] {
  const missing = requirementsFor(purpose).filter((requirement) => !isPresent(requirement));
  const plan = planInstall({
    missing,
    noInstall: installDisabled(),
    isRoot: process.getuid?.() === 0,
    hasApt: commandWorks('apt-get', ['--version']),
  });
  if (plan.action === 'none') return [];
  if (plan.action === 'report') {
    for (const line of plan.lines) console.log(line);
    return missing.map((requirement) => requirement.name);
  }
  for (const line of plan.announcement) console.log(line);
  for (const [command = 'apt-get', ...args] of plan.commands) {
    // apt's progress is noise on success; on failure it is the reason, so it is shown then.
    const result = spawnSync(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: installerEnv(plan.env),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error !== undefined || result.status !== 0)
      throw new Error(
        `\`${[command, ...args].join(' ')}\` failed (${result.error?.message ?? `exit code ${result.status}`}):\n` +
          `${result.stdout}${result.stderr}`.trim(),
      );
  }
  console.log('Installed.');
  return [];
}
