'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { roleAllows, type Role } from '@switchyard/contracts';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useSession } from './session-context';

/** The sections, each with the least role that has anything to do there. */
const sections: readonly { href: string; label: string; needs?: Role }[] = [
  { href: '/topology', label: 'Topology' },
  { href: '/networks', label: 'Networks' },
  { href: '/containers', label: 'Containers' },
  { href: '/services', label: 'Services' },
  { href: '/images', label: 'Images' },
  { href: '/routes', label: 'Routes' },
  { href: '/nodes', label: 'Nodes' },
  { href: '/health', label: 'Health' },
  { href: '/diagnostics', label: 'Diagnostics' },
  { href: '/events', label: 'Events' },
  { href: '/audit', label: 'Audit' },
  { href: '/users', label: 'Users', needs: 'admin' },
];

const listId = 'console-nav-list';

/**
 * The side nav; on a narrow screen a Menu button discloses it (the CSS hides the button on wide ones).
 * The menu closes on Escape, giving focus back to the button, and when a link is followed.
 */
export function ConsoleNav() {
  const pathname = usePathname();
  const { role } = useSession();
  const shown = sections.filter(({ needs }) => needs === undefined || roleAllows(role, needs));
  const toggle = useRef<HTMLButtonElement>(null);
  // Open only on the page it was opened on, so going back or forward closes it too.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const isCurrent = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  const current = shown.find(({ href }) => isCurrent(href));

  function closeOnEscape(event: KeyboardEvent<HTMLElement>): void {
    if (event.key !== 'Escape' || !open) return;
    setOpenOn(null);
    toggle.current?.focus();
  }

  return (
    <nav className="console-nav" aria-label="Sections" data-open={open} onKeyDown={closeOnEscape}>
      <button
        ref={toggle}
        className="button nav-toggle"
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        <span className="nav-toggle-icon" aria-hidden="true" />
        Menu
        {current && (
          <span className="nav-toggle-current" aria-hidden="true">
            {current.label}
          </span>
        )}
      </button>
      <ul id={listId}>
        {shown.map(({ href, label }) => (
          <li key={href}>
            <Link
              href={href}
              className="nav-link"
              aria-current={isCurrent(href) ? 'page' : undefined}
              onClick={() => setOpenOn(null)}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
