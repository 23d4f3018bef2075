import type { NodeView } from '@switchyard/contracts';
import type { SelectChoice } from './select-field';

/** A Host select's choices: `automatic` (the empty value) first, then the nodes by name, down ones marked. */
export function nodeChoices(nodes: readonly NodeView[], automatic: string): SelectChoice[] {
  return [
    { value: '', label: automatic },
    ...nodes
      .toSorted((a, b) => a.name.localeCompare(b.name))
      .map((node) => ({
        value: node.name,
        label: node.status === 'ready' ? node.name : `${node.name} (down)`,
      })),
  ];
}
