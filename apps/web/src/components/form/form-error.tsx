/** A refusal that names none of the form's fields: announced, and what the form points its description at. */
export function FormError({ id, message }: { id: string; message: string | null }) {
  if (message === null) return null;
  return (
    <p id={id} className="form-error" role="alert">
      {message}
    </p>
  );
}
