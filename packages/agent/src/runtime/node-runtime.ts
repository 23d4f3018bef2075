import path from 'node:path';
import type { Containerd } from '../osl/containerd.js';
import { loadIdentity } from '../tls/node-identity.js';
import { createCompositeRuntime } from './composite-runtime.js';
import { createContainerdRuntime } from './containerd/containerd-runtime.js';
import { downloadArchive } from './containerd/download.js';
import { ImageStore } from './containerd/image-store.js';
import { createProcessRuntime } from './process-runtime.js';
import type { RuntimeProcessAccess, SandboxRuntime } from './sandbox-runtime.js';

export interface NodeRuntimeOptions {
  stateDir: string;
  /** This node's name, for errors that say where. */
  node: string;
  /** The control plane's base URL, where image archives are downloaded from. */
  controlPlaneUrl: URL;
  /** containerd, when this node has it (the capability was detected). */
  containerd?: Containerd;
  log: (message: string) => void;
}

export interface NodeRuntime {
  runtime: SandboxRuntime & RuntimeProcessAccess;
  /** The images on this node; undefined without containerd. */
  images?: ImageStore;
}

/** The agent's runtime: the process runtime, and containerd's for OCI images when the node has it. */
export function createNodeRuntime(options: NodeRuntimeOptions): NodeRuntime {
  const processRuntime = createProcessRuntime({ stateDir: options.stateDir, log: options.log });
  if (options.containerd === undefined) {
    return { runtime: createCompositeRuntime({ process: processRuntime }) };
  }
  const containerd = options.containerd;
  const images: ImageStore = new ImageStore({
    containerd,
    node: options.node,
    workDir: path.join(options.stateDir, 'containerd', 'downloads'),
    async download(pathname, digest, file) {
      const identity = await loadIdentity(options.stateDir);
      if (identity === undefined) throw new Error('this node has no certificate yet to download images with');
      await downloadArchive(new URL(pathname, options.controlPlaneUrl), identity, digest, file);
    },
    inUse: () => containerdRuntime.imagesInUse(),
    log: options.log,
  });
  const containerdRuntime = createContainerdRuntime({
    containerd,
    stateDir: options.stateDir,
    layers: (id) => images.layers(id),
    log: options.log,
  });
  // An image that arrives lets the containers waiting for it start.
  images.onChange(() => containerdRuntime.refresh());
  return {
    runtime: createCompositeRuntime({ process: processRuntime, containerd: containerdRuntime }),
    images,
  };
}
