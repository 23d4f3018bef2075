import { builtinImages, type ImageView } from '@switchyard/contracts';
import { imageReferenceChoices, otherImageChoice } from '../../lib/images/references';
import { SelectField } from './select-field';
import { TextField } from './text-field';
import type { FieldLabels } from './field';

type Bound = Omit<FieldLabels, 'label'> & { value: string; onChange: (value: string) => void };

/**
 * The image of a create form: a select of the built-in images and every loaded one (from
 * `images.list`), and "Other image…", which reveals a text field for any name or id, as typed.
 */
export function ImageField({
  choice,
  other,
  images,
}: {
  choice: Bound;
  other: Bound;
  images: readonly ImageView[];
}) {
  const references = imageReferenceChoices(builtinImages, images);
  // A name chosen before the list changed (an image removed meanwhile) stays on offer.
  const shown =
    choice.value === otherImageChoice || references.includes(choice.value)
      ? references
      : [choice.value, ...references];
  const choices = [
    ...shown.map((reference) => ({ value: reference, label: reference })),
    { value: otherImageChoice, label: 'Other image…' },
  ];
  const typing = choice.value === otherImageChoice;
  return (
    <>
      <SelectField
        {...choice}
        error={typing ? null : choice.error}
        label="Image"
        choices={choices}
        hint="Built-in images run as processes; loaded ones (Images page) in containerd"
      />
      {typing && (
        <TextField
          {...other}
          id={`${choice.id}-other`}
          label="Other image"
          placeholder="e.g. nginx:1.27"
          kind="code"
        />
      )}
    </>
  );
}
