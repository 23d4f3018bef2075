import type { Metadata } from 'next';
import { NodeInspect } from './node-inspect';

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Node ${decodeURIComponent((await params).name)}` };
}

export default async function NodePage({ params }: Params) {
  const { name } = await params;
  return <NodeInspect name={decodeURIComponent(name)} />;
}
