import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
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
