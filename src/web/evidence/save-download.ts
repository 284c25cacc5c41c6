/**
 * Hands bytes the node answered to the browser as a download: the node streams opened evidence and
 * court bundles as attachments, but they come from a POST (the purpose travels in its body), which a
 * plain link cannot make. So the answer is read into a Blob and saved through a temporary link.
 */

/** The file name a `content-disposition` header gives (RFC 6266; `filename*` first), if any. */
export function fileNameFrom(disposition: string | null): string | undefined {
  if (disposition === null) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed encoding: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  const name = plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2]?.trim();
  return name === "" ? undefined : name;
}

export async function saveResponse(response: Response, fallbackName: string): Promise<void> {
  const name = fileNameFrom(response.headers.get("content-disposition")) ?? fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the URL once the click is handled; free the bytes a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
