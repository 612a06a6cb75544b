// The manage runner's entry for bin/manifold.mjs (which loads TypeScript first).
export { runManage } from './index';
