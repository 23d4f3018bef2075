import { describedBy, FieldMessage } from './field-message';

/** A labelled checkbox; an error (e.g. the server refusing the option) replaces its hint and marks it invalid. */
export function CheckboxField({
  id,
  label,
  checked,
  onChange,
  hint,
  error = null,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  error?: string | null;
}) {
  const messageId = `${id}-message`;
  return (
    <div className="checkbox-field">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(messageId, error, hint)}
      />
      <label htmlFor={id}>{label}</label>
      <FieldMessage id={messageId} error={error} hint={hint} />
    </div>
  );
}
