/** The lab as a library, for benchmarks and tests that bring one up in-process. */
export { labDown, labStatus, labUp } from './lab/index.js';
