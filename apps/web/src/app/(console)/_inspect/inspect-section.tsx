import type { ReactNode } from 'react';

/** A titled part of an inspect page: a card in the overview grid, or a full-width section below it. */
export function InspectSection({
  id,
  title,
  card = false,
  children,
}: {
  id: string;
  title: ReactNode;
  card?: boolean;
  children: ReactNode;
}) {
  return (
    <section className={card ? 'card' : 'section'} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
