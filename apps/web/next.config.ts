import type { NextConfig } from 'next';

/**
 * Every page: no framing by anyone (clickjacking), scripts and styles only from this server (Next's
 * inline bootstrap and style attributes need 'unsafe-inline'), and connections to this origin only
 * (the live channel comes through this server too). No MIME sniffing; no Referer to other origins.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

const nextConfig: NextConfig = {
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
  // contracts ships its TypeScript sources; Next compiles them like the app's own.
  transpilePackages: ['@switchyard/contracts'],
  turbopack: {
    rules: {
      '*.ts': {
        condition: { path: /packages\/contracts\/src\// },
        loaders: ['./loaders/strip-js-specifiers-loader.mjs'],
      },
    },
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
