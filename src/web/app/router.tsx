/**
 * Hash routes (`#/requests/…`): the node serves one page, so any address is a bookmark that works
 * after a reload without server-side routing. Screens read the path's segments and link with `Link`.
 */
import { type AnchorHTMLAttributes, useEffect, useState } from "react";
import { segmentsOf } from "./route-path.js";

/**
 * The current path's segments: `#/requests/42` is `["requests", "42"]`; undefined for an address
 * that cannot be decoded, which the app shows as a page that does not exist.
 */
export function useRoute(): { segments: string[] | undefined; address: string } {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  const segments = segmentsOf(hash);
  // What identifies the screen: `#/`, `#` and `` are all home; a malformed address is itself.
  return { segments, address: segments?.join("/") ?? hash };
}

export function navigate(path: string): void {
  window.location.hash = path;
}

export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a href={`#${to}`} {...rest} />;
}
