import type { SelectChoice } from '../../../components/form/select-field';
import type { DiagnosticsTargets } from './targets';

/** Containers first, then tasks, each with its host: what a probe or a path check runs from. */
export function sandboxChoices(targets: DiagnosticsTargets | undefined): SelectChoice[] {
  const sandboxes = targets?.sandboxes ?? [];
  const sorted = [...sandboxes].sort(
    (a, b) => Number(a.kind === 'task') - Number(b.kind === 'task') || a.name.localeCompare(b.name),
  );
  return [
    { value: '', label: sandboxes.length === 0 ? 'No containers or tasks yet' : 'Pick a container or task' },
    ...sorted.map((sandbox) => ({
      value: sandbox.name,
      label: `${sandbox.kind === 'task' ? 'task ' : ''}${sandbox.name} (${sandbox.node}, ${sandbox.status})`,
    })),
  ];
}
