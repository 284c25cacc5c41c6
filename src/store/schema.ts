/**
 * Table types for Kysely. The same schema runs on SQLite and PostgreSQL, so columns keep to a
 * portable subset: text ids (UUIDs), ISO-8601 UTC timestamps as text (they sort as time does),
 * JSON as text, booleans as 0/1 integers, integers for counts and indexes.
 */
import type { Generated } from "kysely";
export type UsersTable = {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  disabled: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  /** Bumped on every change of role, unit or status; sessions from an older version are void. */
  auth_version: Generated<number>;
  created_at: string;
};

export type SessionsTable = {
  /** SHA-256 of the session token; the token itself is never stored. */
  id_hash: string;
  user_id: string;
  auth_version: number;
  csrf_token: string;
  mfa_passed: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
};

export type CasesTable = {
  id: string;
  reference: string;
  title: string;
  unit: string;
  created_by: string;
  created_at: string;
};

export type RequestsTable = {
  id: string;
  case_id: string;
  direction: string;
  kind: string;
  state: string;
  treaty: string;
  requesting_state: string;
  requested_state: string;
  urgency: string;
  /** 1 when the request belongs in the 24/7 queue (an urgent kind, or urgent or emergency). */
  urgent_queue: number;
  /** The unit of the case; copied here so need-to-know filters are one indexed query. */
  unit: string;
  reference: string;
  document: string;
  /** Incoming requests: the id the requesting node gave it, by which messages name it. */
  remote_request_id: string | null;
  drafted_by: string | null;
  approved_by: string | null;
  /** Optimistic concurrency: every transition bumps it; a stale write fails. */
  version: number;
  created_at: string;
  updated_at: string;
};

export type RequestEventsTable = {
  request_id: string;
  /** The request's version after this event: orders the history without an auto-increment. */
  seq: number;
  action: string;
  from_state: string;
  to_state: string;
  actor: string;
  at: string;
  details: string;
};

export type DecisionsTable = {
  id: string;
  request_id: string;
  outcome: string;
  grounds: string;
  reasons: string | null;
  conditions: string;
  decided_by: string;
  decided_at: string;
};

export type DeadlinesTable = {
  id: string;
  request_id: string;
  kind: string;
  due_at: string;
  remind_at: string | null;
  reminded_at: string | null;
  met_at: string | null;
  citation: string;
};

export type LedgerEntriesTable = {
  idx: number;
  leaf_hash: string;
  entry: string;
};

export type LedgerNodesTable = {
  level: number;
  idx: number;
  hash: string;
};

/** One row (id = 1): the head of the log, locked by every append so appends are serialised. */
export type LedgerHeadTable = {
  id: number;
  size: number;
  root: string;
  frontier: string;
};

export type TreeHeadsTable = {
  size: number;
  timestamp: number;
  root: string;
  log_id: string;
  signature: string;
};

/** A State this node trusts: the card held for it and who confirmed its fingerprint out of band. */
export type PeersTable = {
  /** The peer's State code: one peer per State. */
  state: string;
  /** The signed card held now, as canonical JSON. */
  card: string;
  /** The held card's sequence, copied out so an update can be a compare-and-set on it. */
  sequence: number;
  /** The fingerprint the administrator confirmed out of band, 64 hex digits. */
  fingerprint_confirmed: string;
  confirmed_by: string;
  confirmed_at: string;
  /** "active" or "revoked". */
  status: string;
  updated_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
};

/** Every card accepted for a peer, oldest first: the chain of trust can be checked again later. */
export type PeerCardsTable = {
  id: string;
  state: string;
  sequence: number;
  card: string;
  /** The key id whose signature was checked when the card was accepted. */
  signed_by: string;
  received_by: string;
  received_at: string;
};

/** The cards this node issued about itself; the newest is what `peer card` hands out. */
export type OwnCardsTable = {
  sequence: number;
  card: string;
  issued_by: string;
  issued_at: string;
};

/** A message sealed for a peer, committed with the change that caused it, and its delivery. */
export type OutboxTable = {
  message_id: string;
  peer_state: string;
  kind: string;
  /** The local request the message is about, when it is about one. */
  request_id: string | null;
  /** The sealed envelope: re-sent byte for byte until a receipt comes back. */
  sealed: string;
  /** Our signed message inside it (JWS): what we said, showable without the recipient's key. Null before migration 0007. */
  signed_message: string | null;
  /** The order messages were enqueued in, for messages of the same millisecond. Null before migration 0007. */
  seq: number | null;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  delivered_at: string | null;
  /** The verified receipt, as JSON: the receipt body and the sealed receipt it came in. */
  receipt: string | null;
  /** Set when the retry horizon passed without a receipt: "not delivered". */
  gave_up_at: string | null;
};

/** A message accepted from a peer; the primary key is what makes its effect happen once. */
export type InboxTable = {
  message_id: string;
  from_state: string;
  kind: string;
  /** SHA-256 (hex) of the sealed envelope: a byte-identical re-send gets the original receipt. */
  envelope_sha256: string;
  /** The sender's JWS: evidence of what the sender said. */
  signed_message: string;
  received_at: string;
  /** The ledger entry recording the message: the leaf the receipt proves. */
  ledger_index: number;
  local_request_id: string | null;
  /** The sealed receipt first answered; every duplicate gets these same bytes. */
  receipt: string | null;
};

/**
 * A receipt owed to a peer whose message came in a bundle: carried back in every bundle to that
 * State while the sender can still accept it (its retry horizon from `received_at`).
 */
export type BundleReceiptsTable = {
  message_id: string;
  peer_state: string;
  /** The sealed receipt: the same bytes the inbox keeps for the message. */
  receipt: string;
  /** When the message was first received (inbox.received_at), online or not. */
  received_at: string;
  queued_at: string;
};

/** A signed tree head a peer sent us with a receipt, and how it stands against its other heads. */
export type PeerTreeHeadsTable = {
  id: string;
  peer_state: string;
  log_id: string;
  size: number;
  /** The head's own timestamp, milliseconds since the epoch. */
  timestamp: number;
  /** Hex. */
  root: string;
  /** Base64, as signed by the peer. */
  signature: string;
  received_at: string;
  /** The outbox message whose receipt carried it. */
  message_id: string | null;
  /** "unchecked", "consistent" or "split-view". */
  status: string;
  checked_at: string | null;
  /** The head (id) it was compared with. */
  checked_against: string | null;
  check_attempts: number;
  /** An unchecked head waits until then after a failed attempt to fetch a proof. */
  next_check_at: string;
  last_check_error: string | null;
};

/** Evidence that a peer showed two histories: both signed heads and what the peer answered. */
export type PeerSplitViewsTable = {
  id: string;
  peer_state: string;
  detected_at: string;
  /** "same-size-different-root", "root-contradicts-head" or "consistency-proof-failed". */
  reason: string;
  /** JSON: the signed heads `{logId, size, timestamp, root, signature, messageId, receivedAt}`, root in hex. */
  first_head: string;
  second_head: string;
  /** The peer's signed consistency answer (compact JWS), when one was needed. */
  proof: string | null;
  /** Our `peer.split-view` ledger entry. */
  ledger_index: number;
};

/** An evidence item: acquired here ("held") or received from the State that acquired it ("received"). */
export type EvidenceItemsTable = {
  /** The manifest's item id: the same on both nodes. */
  id: string;
  request_id: string;
  direction: string;
  /**
   * held: uploading → sealed → reviewed → transmitted (released and sent at once); received:
   * receiving → received, or refused when its chunks do not make the file its manifest describes.
   */
  state: string;
  /** The State that acquired the item and signed its manifest. */
  origin_state: string;
  file_name: string;
  media_type: string;
  /** JSON: source, acquisition method, acquiring officer and time, as given at the start of the upload. */
  details: string;
  /** The file's AES-256 key as a compact JWE to this node's own X25519 key (never in clear at rest). */
  wrapped_key: string;
  size: number | null;
  sha256: string | null;
  /** The signed manifest, canonical JSON; null while an upload is under way. */
  manifest: string | null;
  manifest_sha256: string | null;
  /** Received items: the sender's custody entries with inclusion proofs (ProvenLedger JSON). */
  peer_custody: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  fetch_attempts: Generated<number>;
  next_fetch_at: string | null;
  last_fetch_error: string | null;
};

/** One ciphertext chunk of an item: its blob address and whether it is in the blob store yet. */
export type EvidenceChunksTable = {
  item_id: string;
  idx: number;
  /** SHA-256 (hex) of the ciphertext chunk: its blob address. */
  address: string;
  plaintext_sha256: string;
  ciphertext_size: number;
  last: number;
  /** 1 once the chunk is durable in the blob store (received items fill in as they are fetched). */
  present: number;
};

/** Custody events by item, pointing at the ledger entries that record them. */
export type CustodyEventsTable = {
  ledger_index: number;
  item_id: string;
  event: string;
  actor: string;
  at: string;
  purpose: string | null;
};

/** Consent to use evidence for other proceedings (Art 40(19)): asked by us ("asked") or by a peer ("received-request"). */
export type UseConsentsTable = {
  id: string;
  request_id: string;
  direction: string;
  purpose: string;
  /** pending, granted or refused. */
  status: string;
  reasons: string | null;
  message_id: string | null;
  created_by: string;
  created_at: string;
  answered_at: string | null;
};

export type Database = {
  users: UsersTable;
  sessions: SessionsTable;
  cases: CasesTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  decisions: DecisionsTable;
  deadlines: DeadlinesTable;
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_head: LedgerHeadTable;
  tree_heads: TreeHeadsTable;
  peers: PeersTable;
  peer_cards: PeerCardsTable;
  own_cards: OwnCardsTable;
  outbox: OutboxTable;
  inbox: InboxTable;
  bundle_receipts: BundleReceiptsTable;
  peer_tree_heads: PeerTreeHeadsTable;
  peer_split_views: PeerSplitViewsTable;
  evidence_items: EvidenceItemsTable;
  evidence_chunks: EvidenceChunksTable;
  custody_events: CustodyEventsTable;
  use_consents: UseConsentsTable;
};
