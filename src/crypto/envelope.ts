/**
 * The message envelope between nodes: a message signed by its sender (JWS, Ed25519) and encrypted
 * to its recipient (JWE, ECDH-ES+A256KW with X25519, A256GCM). This module is the public face;
 * docs/protocol.md specifies the format for other implementations.
 *
 * Pure: keys, time and the replay store's answer are passed in; nothing is read from or written
 * to disk, network or database here.
 */

export { MESSAGE_MEDIA_TYPE } from "./envelope-headers.js";
export {
  MESSAGE_BODY_SCHEMAS,
  MESSAGE_KINDS,
  type MessageBody,
  type MessageKind,
  MessageKindSchema,
} from "./envelope-kinds.js";
export {
  type Message,
  type MessageHeader,
  MessageHeaderSchema,
  type MessageOf,
  MessageSchema,
} from "./envelope-message.js";
export {
  DEFAULT_MAX_SEALED_CHARS,
  DEFAULT_MAX_SKEW_SECONDS,
  type OpenedEnvelope,
  type OpenOptions,
  openEnvelope,
  openMessage,
} from "./envelope-open.js";
export { type SealOptions, sealMessage, sealMessageKeepingJws } from "./envelope-seal.js";
export { EnvelopeError, type EnvelopeErrorCode } from "./errors.js";
