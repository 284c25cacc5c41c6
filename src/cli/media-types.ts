/**
 * The media type recorded in a manifest when `evidence add` is not told one: guessed from the file
 * name's extension for the formats evidence usually comes in. Anything else is recorded as opaque
 * bytes (application/octet-stream) rather than guessed from the content: the manifest states what the
 * officer or the name said, and `--media-type` corrects it.
 */
import { extname } from "node:path";

const BY_EXTENSION: Readonly<Record<string, string>> = {
  ".csv": "text/csv",
  ".txt": "text/plain",
  ".log": "text/plain",
  ".json": "application/json",
  ".xml": "application/xml",
  ".html": "text/html",
  ".pdf": "application/pdf",
  ".eml": "message/rfc822",
  ".mbox": "application/mbox",
  ".pcap": "application/vnd.tcpdump.pcap",
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".tar": "application/x-tar",
  ".7z": "application/x-7z-compressed",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".mp3": "audio/mpeg",
  ".mp4": "video/mp4",
};

export const OPAQUE = "application/octet-stream";

export const mediaTypeOf = (fileName: string): string =>
  BY_EXTENSION[extname(fileName).toLowerCase()] ?? OPAQUE;
