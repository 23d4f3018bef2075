import type { Metadata } from 'next';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

/** Only paths on this site: an absolute or protocol-relative `next` would make this an open redirect. */
function safeNextPath(next: string | string[] | undefined): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/nodes';
  return next;
}

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next } = await searchParams;
  return (
    <main className="login">
      <div className="login-card">
        <h1 className="login-title">
          <span className="brand-mark" aria-hidden="true" />
          Switchyard
        </h1>
        <p className="login-subtitle">Sign in to the control plane</p>
        <LoginForm nextPath={safeNextPath(next)} />
      </div>
    </main>
  );
}
