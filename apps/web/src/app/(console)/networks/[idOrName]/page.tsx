import type { Metadata } from 'next';
import { NetworkInspect } from './network-inspect';

type Params = { params: Promise<{ idOrName: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Network ${decodeURIComponent((await params).idOrName)}` };
}

export default async function NetworkPage({ params }: Params) {
  const { idOrName } = await params;
  return <NetworkInspect idOrName={decodeURIComponent(idOrName)} />;
}
