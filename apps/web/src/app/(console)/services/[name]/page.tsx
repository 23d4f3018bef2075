import type { Metadata } from 'next';
import { ServiceInspect } from './service-inspect';

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Service ${decodeURIComponent((await params).name)}` };
}

export default async function ServicePage({ params }: Params) {
  const { name } = await params;
  return <ServiceInspect name={decodeURIComponent(name)} />;
}
