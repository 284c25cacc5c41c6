/**
 * Hash routes (`#/requests/…`): the node serves one page, so any address is a bookmark that works
 * after a reload without server-side routing. Screens read the path's segments and link with `Link`.
 */
import { type AnchorHTMLAttributes, useEffect, useState } from "react";

const segmentsOf = (hash: string): string[] =>
  (hash.replace(/^#\/?/, "").split("?")[0] ?? "")
    .split("/")
    .filter((part) => part !== "")
    .map(decodeURIComponent);

/** The current path's segments: `#/requests/42` is `["requests", "42"]`. */
export function useRoute(): string[] {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return segmentsOf(hash);
}

export function navigate(path: string): void {
  window.location.hash = path;
}

export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a href={`#${to}`} {...rest} />;
}
