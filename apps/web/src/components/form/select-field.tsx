import { Field, type FieldLabels } from './field';

export interface SelectChoice {
  value: string;
  label: string;
}

export function SelectField({
  value,
  choices,
  onChange,
  ...labels
}: FieldLabels & {
  value: string;
  choices: readonly SelectChoice[];
  onChange: (value: string) => void;
}) {
  return (
    <Field
      {...labels}
      control={(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}
