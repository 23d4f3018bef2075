import { describedBy, FieldMessage } from './field-message';

export interface SelectChoice {
  value: string;
  label: string;
}

export function SelectField({
  id,
  label,
  value,
  choices,
  onChange,
  error,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  choices: readonly SelectChoice[];
  onChange: (value: string) => void;
  error: string | null;
  hint?: string;
}) {
  const messageId = `${id}-message`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(messageId, error, hint)}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldMessage id={messageId} error={error} hint={hint} />
    </div>
  );
}
