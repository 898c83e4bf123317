// Names under `localhost` resolve to the loopback address, as RFC 6761 (section 6.3) lets every
// resolver do and systemd-resolved does; glibc without it resolves `localhost` alone. A local S3
// endpoint reached by name needs it: the SDK puts the bucket into the host name
// (`<bucket>.localhost`), virtual-hosted style. In this process only, and while installed.
import type { LookupAddress, LookupOptions } from "dns";
import { createRequire } from "module";

type Callback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;
type Lookup = (hostname: string, ...rest: unknown[]) => void;

/** The `dns` module itself: an `import` binding could not be replaced. */
const dns = createRequire(__filename)("dns") as { lookup: Lookup };
const LOCALHOST_NAME = /(^|\.)localhost\.?$/i;

let installed = 0;
let systemLookup: Lookup | undefined;

/** dns.lookup(hostname, [options], callback), answering localhost names itself. */
function lookup(hostname: string, ...rest: unknown[]): void {
  if (!LOCALHOST_NAME.test(hostname) && systemLookup) {
    Reflect.apply(systemLookup, dns, [hostname, ...rest]);
    return;
  }
  const [options, callback] = rest.length > 1 ? rest : [{}, rest[0]];
  const done = callback as Callback;
  const all = (options as LookupOptions | undefined)?.all === true;
  // Asynchronously, as the resolver answers.
  process.nextTick(() =>
    all ? done(null, [{ address: "127.0.0.1", family: 4 }]) : done(null, "127.0.0.1", 4),
  );
}

/** Resolves `localhost` names to 127.0.0.1 until the returned function is called. */
export function resolveLocalhostNames(): () => void {
  if (installed++ === 0) {
    systemLookup = dns.lookup;
    dns.lookup = lookup;
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--installed === 0 && systemLookup) {
      dns.lookup = systemLookup;
      systemLookup = undefined;
    }
  };
}
