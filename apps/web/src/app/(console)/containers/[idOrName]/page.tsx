import type { Metadata } from 'next';
import { ContainerInspect } from './container-inspect';

type Params = { params: Promise<{ idOrName: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Container ${decodeURIComponent((await params).idOrName)}` };
}

export default async function ContainerPage({ params }: Params) {
  const { idOrName } = await params;
  return <ContainerInspect idOrName={decodeURIComponent(idOrName)} />;
}
