import type { ReactNode } from 'react';

/** One section of the Profile page, titled, set apart from the next. */
export function ProfilePanel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card profile-panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
