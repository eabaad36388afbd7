import { BlockList, isIP } from 'node:net';

export interface Network {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses a comma-separated list of CIDR networks ("10.0.0.0/8, ::1/128"); a bare address is a /32 or /128. */
export function parseNetworks(list: string): Network[] {
  const networks: Network[] = [];
  for (const part of list.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [address = '', prefixText] = part.split('/');
    const version = isIP(address);
    if (version === 0) throw new Error(`"${part}" is not an IP address or CIDR network`);
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${part}" has an invalid prefix length`);
    networks.push({ address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' });
  }
  return networks;
}

/** Whether an address (as a socket reports it, IPv4-mapped IPv6 included) lies in one of the networks. */
export function isAllowed(remoteAddress: string, networks: Network[]): boolean {
  const list = new BlockList();
  for (const n of networks) list.addSubnet(n.address, n.prefix, n.family);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  const address = mapped ? mapped[1]! : remoteAddress;
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return isIP(address) !== 0 && list.check(address, family);
}
