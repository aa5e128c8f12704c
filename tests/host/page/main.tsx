/**
 * Entry of the host page bundle. It is evaluated BEFORE SystemJS and its AMD extra (platform.md, Trap 1): importing
 * start.tsx pulls in the host's own copies of the shared packages. The page then loads SystemJS and calls start().
 */
import { start, type HostHandle } from './start';

declare global {
  interface Window {
    foresightHost: HostHandle;
  }
}

const handle: HostHandle = { start: (root) => start(handle, root) };
window.foresightHost = handle;
