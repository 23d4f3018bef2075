import { Field, type FieldLabels } from './field';

/** A labelled checkbox; an error (e.g. the server refusing the option) replaces its hint and marks it invalid. */
export function CheckboxField({
  checked,
  onChange,
  error = null,
  ...labels
}: Omit<FieldLabels, 'error'> & {
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | null;
}) {
  return (
    <Field
      {...labels}
      error={error}
      checkbox
      control={(props) => (
        <input
          {...props}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
        />
      )}
    />
  );
}
