import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { themeBootScript } from '../components/theme/theme';
import { liveEndpointFromEnv } from '../lib/server/config';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Switchyard', template: '%s · Switchyard' },
  description: 'Control plane for container networks',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: the control plane's port is environment, not build, configuration.
  await connection();
  return (
    // The boot script sets data-theme before React hydrates, so the attribute differs by design.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body>
        <Providers liveEndpoint={liveEndpointFromEnv()}>{children}</Providers>
      </body>
    </html>
  );
}
