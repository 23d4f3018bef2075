import type { ReactNode } from 'react';
import { ConsoleHeader } from '../../components/console-header';
import { ConsoleNav } from '../../components/console-nav';
import { LiveInventory } from '../../components/live-inventory';
import { SessionProvider } from '../../components/session-context';
import { requireSession } from '../../lib/server/session';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  return (
    <SessionProvider session={session}>
      <div className="console">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <ConsoleHeader />
        <ConsoleNav />
        <LiveInventory />
        <main id="main" className="console-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </SessionProvider>
  );
}
