import { useId } from 'react';

/** Narrows the table to one docker-compose project, or to containers compose did not make. */
export function ComposeProjectFilter({
  projects,
  value,
  onChange,
}: {
  projects: readonly string[];
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Compose project</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value={anyProject}>Any</option>
        <option value={noProject}>None (not from compose)</option>
        {projects.map((project) => (
          <option key={project} value={project}>
            {project}
          </option>
        ))}
      </select>
    </div>
  );
}

// Option values no compose project can take: compose names are lowercase letters, digits, `-` and `_`.
export const anyProject = '*any';
export const noProject = '*none';
