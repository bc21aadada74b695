/**
 * Flow direction relative to the monitored network (`nids.data.home_net`, Suricata's HOME_NET, Zeek's
 * local_orig / local_resp): two 0/1 features, "the source address is inside" and "the destination address is
 * inside". They carry where a flow runs (inbound, outbound, internal: lateral movement) without the addresses
 * themselves, which stay dropped as identifiers. Matching is Node's `net.BlockList` (IPv4 and IPv6 CIDRs).
 */
import * as net from 'node:net';

export const HOME_NET_FEATURES = ['src_in_home_net', 'dst_in_home_net'] as const;

/** What an encoder needs to derive the features from raw flows: the networks and the address columns. */
export interface HomeNet {
  networks: string[];
  srcColumn: string;
  dstColumn: string;
}

/** A matcher for `networks` (CIDRs such as "192.168.10.0/24", "fd00::/8", or single addresses); a bad one is an error naming it. */
export function homeNetMatcher(networks: readonly string[], where = 'nids.data.home_net'): (address: string) => 0 | 1 {
  const list = new net.BlockList();
  for (const n of networks) {
    const [addr, bits, extra] = String(n).trim().split('/');
    const family = net.isIP(addr ?? '');
    const max = family === 6 ? 128 : 32;
    const prefix = bits === undefined ? max : /^\d+$/.test(bits) ? Number(bits) : NaN;
    if (!family || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      throw new Error(`${where}: "${n}" is not a network; write it in CIDR form, e.g. "192.168.10.0/24", "10.0.0.0/8" or "fd00::/8"`);
    }
    list.addSubnet(addr, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return (address) => {
    const a = address.trim();
    const family = net.isIP(a);
    // Not an address (empty, "-", a host name): outside the home network.
    return family && list.check(a, family === 6 ? 'ipv6' : 'ipv4') ? 1 : 0;
  };
}

/** The two features of every row: [source inside, destination inside]. */
export function homeNetColumns(src: readonly string[], dst: readonly string[], networks: readonly string[]): [Float64Array, Float64Array] {
  const inside = homeNetMatcher(networks);
  return [Float64Array.from(src, inside), Float64Array.from(dst, inside)];
}
