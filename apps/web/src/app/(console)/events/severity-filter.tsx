import { useId } from 'react';
import { isSeverityChoice, type SeverityChoice } from '../../../lib/events/timeline-filter';

const choices: [SeverityChoice, string][] = [
  ['all', 'Any severity'],
  ['problems', 'Warnings and errors'],
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Info'],
];

export function SeverityFilter({
  value,
  onChange,
}: {
  value: SeverityChoice;
  onChange: (value: SeverityChoice) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Severity</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          if (isSeverityChoice(event.target.value)) onChange(event.target.value);
        }}
      >
        {choices.map(([choice, name]) => (
          <option key={choice} value={choice}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
