// Whether a set of `aws:SourceIp` values admits every address: together they cover all of IPv4
// (`0.0.0.0/0`, or `0.0.0.0/1` + `128.0.0.0/1`, ...) or all of IPv6. A value that is not an
// address or CIDR block is left out.

interface Range {
  first: bigint;
  last: bigint;
}

function ipv4(address: string): bigint | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

function ipv6(address: string): bigint | undefined {
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groups = halves.map((half) => (half === "" ? [] : half.split(":")));
  const missing = 8 - groups.reduce((sum, g) => sum + g.length, 0);
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all =
    halves.length === 1 ? groups[0] : [...groups[0], ...Array(missing).fill("0"), ...groups[1]];
  if (!all.every((g: string) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((value: bigint, g: string) => (value << 16n) | BigInt(`0x${g}`), 0n);
}

/** The addresses of a CIDR block or single address, with the width of its family. */
function range(value: string): { range: Range; bits: number } | undefined {
  const [address, prefix, extra] = value.trim().split("/");
  const bits = address.includes(":") ? 128 : 32;
  const start = bits === 32 ? ipv4(address) : ipv6(address);
  const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (start === undefined || extra !== undefined || !(length >= 0 && length <= bits)) {
    return undefined;
  }
  const size = 1n << BigInt(bits - length);
  const first = (start / size) * size;
  return { range: { first, last: first + size - 1n }, bits };
}

function coversAll(ranges: Range[], bits: number): boolean {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n;
  for (const { first, last } of sorted) {
    if (first > next) return false;
    if (last + 1n > next) next = last + 1n;
  }
  return next === 1n << BigInt(bits);
}

/** True when the values together cover every IPv4 address or every IPv6 address. */
export function coversEveryAddress(values: readonly string[]): boolean {
  const parsed = values.flatMap((v) => range(v) ?? []);
  return [32, 128].some((bits) =>
    coversAll(
      parsed.filter((p) => p.bits === bits).map((p) => p.range),
      bits,
    ),
  );
}
