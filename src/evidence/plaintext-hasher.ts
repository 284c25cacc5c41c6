/**
 * SHA-256 of evidence plaintext on a second core. Ingest and read-back both hash every plaintext byte
 * twice (once for the chunk's own hash, once for the whole file's) besides AES-GCM and the ciphertext
 * hash (the blob address): done on one thread, the hashing alone takes longer than the read. So one
 * shared worker thread hashes the plaintext while the calling thread encrypts or decrypts it.
 *
 * The plaintext goes to the worker in `SharedArrayBuffer` slots (`PlaintextSlots`), so nothing is
 * copied on the way; the caller must not reuse a slot before the hash of its content has come back.
 * Each file is a session that keeps its running whole-file hash in the worker; the worker answers in
 * the order it was asked, and holds the process open only while an answer is awaited.
 */
import { Worker } from "node:worker_threads";
import { CHUNK_SIZE } from "./chunked-aead.js";

/**
 * The worker's code, plain CommonJS evaluated as a string: it then runs the same under tsx, vitest
 * and a build, with no loader to pass on. Both hashes take the chunk in 64 KiB pieces, so the second
 * finds each piece still in the CPU cache.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const files = new Map();
parentPort.on("message", (m) => {
  try {
    if (m.op === "open") { files.set(m.session, createHash("sha256")); return; }
    if (m.op === "release") { files.delete(m.session); return; }
    const file = files.get(m.session);
    if (file === undefined) throw new Error("unknown hashing session " + m.session);
    if (m.op === "feed") {
      const data = new Uint8Array(m.buffer, 0, m.length);
      for (let at = 0; at < m.length; at += 65536) file.update(data.subarray(at, at + 65536));
      parentPort.postMessage({ id: m.id, digest: "" });
    } else if (m.op === "chunk") {
      const data = new Uint8Array(m.buffer, 0, m.length);
      const chunk = createHash("sha256");
      for (let at = 0; at < m.length; at += 65536) {
        const piece = data.subarray(at, at + 65536);
        chunk.update(piece);
        file.update(piece);
      }
      parentPort.postMessage({ id: m.id, digest: chunk.digest("hex") });
    } else if (m.op === "finish") {
      files.delete(m.session);
      parentPort.postMessage({ id: m.id, digest: file.digest("hex") });
    }
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) });
  }
});
`;

type Pending = { resolve: (digest: string) => void; reject: (error: Error) => void };
type Answer = { id: number; digest?: string; error?: string };

class HashWorker {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  broken = false;

  constructor() {
    this.worker.unref();
    this.worker.on("message", (answer: Answer) => this.settle(answer));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`The hashing worker exited (${code}).`)));
  }

  post(message: Record<string, unknown>): void {
    this.worker.postMessage(message);
  }

  ask(message: Record<string, unknown>): Promise<string> {
    const id = this.nextId++;
    const answer = new Promise<string>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Held open while an answer is awaited, or an `await` on it alone would let the process end.
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage({ ...message, id });
    return answer;
  }

  private settle({ id, digest, error }: Answer): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    if (error !== undefined || digest === undefined) waiting.reject(new Error(error ?? "no digest"));
    else waiting.resolve(digest);
  }

  private fail(error: Error): void {
    this.broken = true;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

let shared: HashWorker | undefined;
let nextSession = 0;

function worker(): HashWorker {
  if (shared === undefined || shared.broken) shared = new HashWorker();
  return shared;
}

/** The running hashes of one file: each chunk's SHA-256 and, at the end, the whole file's. */
export class PlaintextHash {
  private readonly worker = worker();
  private readonly session = nextSession++;
  private open = true;

  constructor() {
    this.worker.post({ op: "open", session: this.session });
  }

  /** Hashes `length` bytes at the start of `slot` as the file's next chunk; returns the chunk's SHA-256 (hex). */
  chunk(slot: SharedArrayBuffer, length: number): Promise<string> {
    return this.worker.ask({ op: "chunk", session: this.session, buffer: slot, length });
  }

  /** Adds `length` bytes at the start of `slot` to the file's hash only (no hash of the chunk of its own). */
  async feed(slot: SharedArrayBuffer, length: number): Promise<void> {
    await this.worker.ask({ op: "feed", session: this.session, buffer: slot, length });
  }

  /** The SHA-256 (hex) of all the chunks hashed, in order; ends the session. */
  finish(): Promise<string> {
    this.open = false;
    return this.worker.ask({ op: "finish", session: this.session });
  }

  /** Ends the session without a result (an abandoned ingest or read); harmless after `finish`. */
  release(): void {
    if (!this.open) return;
    this.open = false;
    this.worker.post({ op: "release", session: this.session });
  }
}

/**
 * A few chunk-sized shared buffers used in turn: the caller fills one while the worker hashes the
 * ones before it. `take` waits until the slot's previous hash has come back (or failed).
 */
export class PlaintextSlots {
  private readonly slots: { buffer: SharedArrayBuffer; view: Buffer; busy: Promise<unknown> }[];
  private next = 0;

  constructor(count: number) {
    this.slots = Array.from({ length: count }, () => {
      const buffer = new SharedArrayBuffer(CHUNK_SIZE);
      return { buffer, view: Buffer.from(buffer), busy: Promise.resolve() };
    });
  }

  async take(): Promise<{
    buffer: SharedArrayBuffer;
    view: Buffer;
    hold: (until: Promise<unknown>) => void;
  }> {
    const slot = this.slots[this.next] as (typeof this.slots)[number];
    this.next = (this.next + 1) % this.slots.length;
    await slot.busy.catch(() => undefined);
    return {
      buffer: slot.buffer,
      view: slot.view,
      hold: (until) => {
        slot.busy = until;
      },
    };
  }
}
