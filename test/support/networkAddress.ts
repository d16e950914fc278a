import { networkInterfaces } from 'node:os';

/**
 * One of this machine's IPv4 addresses that is not loopback (a fake server listening there stands
 * for a server elsewhere on the network). Throws, saying so, on a machine with no network at all.
 */
export function networkAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const v4 = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  throw new Error('this machine has no IPv4 address but loopback: the test needs one to stand for a server on the network');
}
