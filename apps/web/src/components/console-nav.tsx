'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const sections = [
  { href: '/topology', label: 'Topology' },
  { href: '/networks', label: 'Networks' },
  { href: '/containers', label: 'Containers' },
  { href: '/services', label: 'Services' },
  { href: '/routes', label: 'Routes' },
  { href: '/nodes', label: 'Nodes' },
  { href: '/events', label: 'Events' },
] as const;

export function ConsoleNav() {
  const pathname = usePathname();
  return (
    <nav className="console-nav" aria-label="Sections">
      <ul>
        {sections.map(({ href, label }) => {
          const current = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link href={href} className="nav-link" aria-current={current ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
