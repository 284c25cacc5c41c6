/**
 * Every error code Rogatory reports, with the HTTP status the API answers and the exit code the
 * CLI ends with. `docs/errors.md` lists the same table; a test keeps the two in sync, so a code an
 * officer or another program sees is always documented.
 */
export type ErrorSpec = { status: number; exit: 1 | 2; meaning: string };

export const ERROR_CATALOGUE = {
  USAGE: {
    status: 400,
    exit: 2,
    meaning: "The command or call is malformed: a missing or unknown option or argument.",
  },
  FILE_NOT_FOUND: {
    status: 404,
    exit: 2,
    meaning: "A file named on the command line does not exist or cannot be read.",
  },
  NOT_JSON: { status: 400, exit: 2, meaning: "A file or body that must be JSON is not." },
  UNKNOWN_STATE: { status: 404, exit: 2, meaning: "No declarations are known for the State code given." },
  PACK_NOT_FOUND: { status: 404, exit: 2, meaning: "No treaty pack has the id given." },
  PACK_INVALID: {
    status: 500,
    exit: 2,
    meaning: "A treaty pack or declarations document on disk does not match its schema.",
  },
  REQUEST_INVALID: {
    status: 422,
    exit: 1,
    meaning: "The request breaks one or more treaty rules; the findings carry the citations.",
  },
  DATA_DIR_IN_USE: {
    status: 503,
    exit: 2,
    meaning: "Another Rogatory process holds the data directory's embedded database; stop it first.",
  },
  DATA_DIR_UNUSABLE: {
    status: 500,
    exit: 2,
    meaning: "The data directory is missing, not writable, or holds a file that is not a Rogatory database.",
  },
  DATABASE_UNREACHABLE: {
    status: 503,
    exit: 2,
    meaning: "The PostgreSQL server named by the database URL cannot be reached or refuses the connection.",
  },
  MIGRATION_FAILED: {
    status: 500,
    exit: 2,
    meaning: "Bringing the database schema up to date failed; the message names the migration.",
  },
  BAD_REQUEST: {
    status: 400,
    exit: 2,
    meaning: "The body, query or parameters of an API call do not match its schema.",
  },
  UNAUTHENTICATED: {
    status: 401,
    exit: 2,
    meaning: "No valid session: sign in (again). Also the answer to wrong credentials, whatever was wrong.",
  },
  MFA_REQUIRED: {
    status: 401,
    exit: 2,
    meaning: "The session has not passed the second factor this role requires.",
  },
  CSRF: { status: 403, exit: 2, meaning: "A state-changing call came without the session's CSRF token." },
  FORBIDDEN: { status: 403, exit: 2, meaning: "Your role or unit may not do this." },
  FOUR_EYES: {
    status: 403,
    exit: 2,
    meaning: "The person who drafted a request cannot approve or return it.",
  },
  NOT_FOUND: {
    status: 404,
    exit: 2,
    meaning: "No such resource, or none you may see (need-to-know answers the same).",
  },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    exit: 2,
    meaning: "The request is not in a state where this action can be taken.",
  },
  CONFLICT: {
    status: 409,
    exit: 2,
    meaning: "Someone changed the resource since you read it, or it already exists; reload and retry.",
  },
  INPUT_REQUIRED: {
    status: 422,
    exit: 2,
    meaning: "The action needs more from you: a reason, refusal grounds, conditions.",
  },
  VALIDATION_BLOCKS: {
    status: 422,
    exit: 1,
    meaning: "Treaty validation found errors; they block submission and approval.",
  },
  RATE_LIMITED: { status: 429, exit: 2, meaning: "Too many attempts; wait and try again." },
  LEDGER_BAD_SIZE: {
    status: 400,
    exit: 2,
    meaning: "A tree size, leaf index or range asked of the ledger is out of range.",
  },
  LEDGER_BAD_HASH: {
    status: 422,
    exit: 1,
    meaning: "A hash in a proof, head or stored node is not 32 bytes.",
  },
  LEDGER_BAD_FRONTIER: {
    status: 500,
    exit: 2,
    meaning: "The ledger's head row is corrupt: its frontier does not match its size.",
  },
  LEDGER_MISSING_NODE: {
    status: 422,
    exit: 1,
    meaning: "The store lacks a tree node a proof or check needs: the ledger was truncated or damaged.",
  },
  LEDGER_BAD_ENTRY: {
    status: 422,
    exit: 1,
    meaning: "A ledger entry does not match the entry format or cannot be canonically encoded.",
  },
  LEDGER_BAD_INDEX: {
    status: 422,
    exit: 1,
    meaning: "An entry's index does not match its position: entries were deleted, inserted or reordered.",
  },
  LEDGER_HASH_MISMATCH: {
    status: 422,
    exit: 1,
    meaning: "A recomputed hash differs from the stored one: an entry was edited.",
  },
  LEDGER_BAD_TREE_HEAD: {
    status: 422,
    exit: 1,
    meaning: "A tree head's fields cannot be encoded (log id, size, timestamp or root).",
  },
  LEDGER_BAD_KEY: {
    status: 500,
    exit: 2,
    meaning: "A key given to sign or verify tree heads is not an Ed25519 key.",
  },
  LEDGER_BAD_SIGNATURE: {
    status: 422,
    exit: 1,
    meaning: "A tree head's signature does not verify with the node's key.",
  },
  LEDGER_WRONG_LOG: {
    status: 422,
    exit: 1,
    meaning: "A tree head names another log than the one being verified.",
  },
  LEDGER_ROOT_MISMATCH: {
    status: 422,
    exit: 1,
    meaning: "A signed or stored root differs from the root recomputed from the entries.",
  },
  LEDGER_TRUNCATED: {
    status: 422,
    exit: 1,
    meaning: "A signed head covers more entries than the log holds: entries were removed from the end.",
  },
  ENVELOPE_MALFORMED: {
    status: 400,
    exit: 1,
    meaning:
      "A sealed message is not a well-formed envelope: not compact JWE or JWS, bad base64url or JSON, a wrong typ or cty, or a message that is not canonical JSON or lacks the message fields.",
  },
  ENVELOPE_BAD_ALGORITHM: {
    status: 400,
    exit: 1,
    meaning:
      "An envelope uses an algorithm, curve or header parameter outside the allow-list (none, HMAC, RSA, dir, zip, crit, jwk, jku, x5u, …).",
  },
  ENVELOPE_NOT_FOR_US: {
    status: 422,
    exit: 1,
    meaning:
      "An envelope is encrypted to another key than this node's, or its message is addressed to another State.",
  },
  ENVELOPE_UNDECRYPTABLE: {
    status: 400,
    exit: 1,
    meaning:
      "An envelope does not decrypt with this node's key: its ciphertext, tag, key or protected header was altered.",
  },
  ENVELOPE_UNKNOWN_KEY: {
    status: 401,
    exit: 1,
    meaning:
      "A message is signed under a key id that is not a known, current signing key of the State the key id names.",
  },
  ENVELOPE_BAD_SIGNATURE: {
    status: 401,
    exit: 1,
    meaning: "A message's signature does not verify with the sender key its key id names: forged or altered.",
  },
  ENVELOPE_SENDER_MISMATCH: {
    status: 403,
    exit: 1,
    meaning: "A message's from is not the State whose key signed it.",
  },
  ENVELOPE_EXPIRED: {
    status: 422,
    exit: 1,
    meaning: "A message's created time is outside the accepted window: too old, or too far in the future.",
  },
  ENVELOPE_REPLAYED: {
    status: 409,
    exit: 1,
    meaning: "A message with this id was already received; the duplicate has no effect.",
  },
  ENVELOPE_BAD_BODY: {
    status: 422,
    exit: 1,
    meaning: "A message's body does not match the schema of its kind.",
  },
  ENVELOPE_MISCONFIGURED: {
    status: 500,
    exit: 2,
    meaning:
      "A key or setting given to seal or open messages is unusable: wrong key type, public for private, a bad key id or time window.",
  },
  CARD_MALFORMED: {
    status: 422,
    exit: 1,
    meaning:
      "A node card is not well formed: not the card format, a missing or unknown member, a key on the wrong curve for its use or with a key id not derived from it, a private key part, or a bad time.",
  },
  CARD_BAD_SIGNATURE: {
    status: 422,
    exit: 1,
    meaning: "A node card's signature does not verify with the key it names: the card was altered or forged.",
  },
  CARD_NOT_SELF_SIGNED: {
    status: 422,
    exit: 1,
    meaning: "A first card for a State is not signed by one of its own current signing keys.",
  },
  CARD_NOT_SIGNED_BY_PREVIOUS_KEY: {
    status: 422,
    exit: 1,
    meaning:
      "A card update is not signed by a signing key current in the card held for that State: a new key cannot vouch for itself.",
  },
  CARD_SEQUENCE: {
    status: 409,
    exit: 1,
    meaning:
      "A card update's sequence is not the next one: an old card replayed, a competing card, or cards skipped.",
  },
  CARD_STATE_CHANGED: {
    status: 409,
    exit: 1,
    meaning: "A card update names another State than the card held.",
  },
  CARD_KEY_UNREVOKED: {
    status: 409,
    exit: 1,
    meaning: "A card update drops a key the previous card revoked, or clears or postpones its revocation.",
  },
  CARD_NO_CURRENT_KEY: {
    status: 422,
    exit: 1,
    meaning: "A node card has no signing key or no encryption key that is current now.",
  },
  CARD_FINGERPRINT_MISMATCH: {
    status: 422,
    exit: 1,
    meaning:
      "The fingerprint confirmed out of band is not that of the key that signed the card; nothing was stored.",
  },
  CARD_BAD_KEY: {
    status: 500,
    exit: 2,
    meaning: "A key given to sign a node card is not an Ed25519 private key.",
  },
  FEDERATION_NO_PEER: {
    status: 409,
    exit: 2,
    meaning:
      "A message cannot be sealed for a State: it is not an active peer, or its card lists no current encryption key.",
  },
  FEDERATION_BAD_RECEIPT: {
    status: 502,
    exit: 1,
    meaning:
      "A peer's receipt does not prove delivery: it is for another message, its tree head's signature or its inclusion proof does not verify.",
  },
  FEDERATION_UNVERIFIABLE_PROOF: {
    status: 502,
    exit: 1,
    meaning:
      "A peer's answer to a consistency-proof request is not signed by a current key of its card or not about the sizes asked; the check is retried later and no alarm is raised.",
  },
  FEDERATION_REFUSED: {
    status: 422,
    exit: 1,
    meaning:
      "An authentic message could not take effect here (for a request, its document is not acceptable); nothing was recorded.",
  },
  FEDERATION_PEER_MISMATCH: {
    status: 403,
    exit: 1,
    meaning:
      "A message came over a TLS connection authenticated as one State but claims to be signed by another; nothing was recorded.",
  },
  FEDERATION_TLS_UNPINNED: {
    status: 403,
    exit: 1,
    meaning:
      "A node-to-node TLS peer presented a certificate that no active peer's card lists as current; the connection is refused.",
  },
  BUNDLE_UNREADABLE: {
    status: 400,
    exit: 1,
    meaning: "A bundle file is truncated, not JSON, or not in the bundle format; nothing was imported.",
  },
  BUNDLE_NOT_FOR_US: {
    status: 422,
    exit: 1,
    meaning: "A bundle is addressed to another State than this node's; nothing was imported.",
  },
  BUNDLE_UNKNOWN_SENDER: {
    status: 401,
    exit: 1,
    meaning: "A bundle comes from a State that is not an active peer of this node; nothing was imported.",
  },
  BUNDLE_BAD_SIGNATURE: {
    status: 401,
    exit: 1,
    meaning:
      "A bundle's signature does not verify with a current signing key of the State it names: it was altered or forged; nothing was imported.",
  },
  BUNDLE_PARTLY_REFUSED: {
    status: 422,
    exit: 1,
    meaning:
      "An authentic bundle held messages or receipts this node refused, each listed with its code; the others took effect.",
  },
  EVIDENCE_CHUNK_INVALID: {
    status: 422,
    exit: 1,
    meaning:
      "An encrypted evidence chunk does not authenticate at its place in the file: altered, reordered, duplicated, dropped, from another file, or wrongly marked last; nothing from it was used.",
  },
  EVIDENCE_TRUNCATED: {
    status: 422,
    exit: 1,
    meaning:
      "An encrypted evidence file ends without its final chunk: it was cut short; nothing was accepted.",
  },
  EVIDENCE_TRAILING_DATA: {
    status: 422,
    exit: 1,
    meaning:
      "An encrypted evidence file has chunks after its final chunk: data was appended; nothing was accepted.",
  },
  EVIDENCE_BLOB_CORRUPT: {
    status: 500,
    exit: 1,
    meaning:
      "A stored evidence chunk no longer matches the SHA-256 it is addressed by: it was altered on disk; it was not used.",
  },
  EVIDENCE_BLOB_MISSING: {
    status: 500,
    exit: 1,
    meaning:
      "An evidence chunk listed for a file is not in the blob store (or the address is not a SHA-256): nothing was returned from it.",
  },
  EVIDENCE_MANIFEST_INVALID: {
    status: 422,
    exit: 1,
    meaning:
      "An evidence manifest does not match its schema: a member missing, unknown or malformed, or chunks that do not describe the file (gap, order, final flag, sizes); nothing accepted.",
  },
  EVIDENCE_MANIFEST_BAD_SIGNATURE: {
    status: 422,
    exit: 1,
    meaning:
      "An evidence manifest's signature does not verify with the key its kid names (unknown kid, other key, altered manifest or signature); nothing was accepted.",
  },
  EVIDENCE_SIGNING_KEY_INVALID: {
    status: 500,
    exit: 2,
    meaning:
      "A manifest was to be signed with a key that is not an Ed25519 private key or does not match the kid given.",
  },
  EVIDENCE_CUSTODY_RECORD_INVALID: {
    status: 500,
    exit: 2,
    meaning:
      "A custody record handed to the CASE/UCO export is inconsistent (unknown event, bad time, State or actor, an item of another request, a ledger position used twice); no document was produced.",
  },
  EVIDENCE_KEY_INVALID: {
    status: 500,
    exit: 1,
    meaning:
      "An evidence file key does not unwrap with this node's key, or unwraps to the key of another item: nothing was read.",
  },
  EVIDENCE_USE_REFUSED: {
    status: 403,
    exit: 1,
    meaning:
      "Evidence was to be opened or exported for other proceedings than those stated in the request, without the providing State's consent received as a message (Art 40(19)); nothing was read or written.",
  },
  EVIDENCE_UPLOAD_OFFSET: {
    status: 409,
    exit: 1,
    meaning:
      "An upload piece does not start where the node's stored part of the file ends: resume from the offset the answer gives; nothing from the piece was kept.",
  },
  EVIDENCE_NOT_READY: {
    status: 409,
    exit: 1,
    meaning:
      "The evidence item is not in a state that allows this (still uploading, not reviewed, not yet received, already released); nothing changed.",
  },
  EVIDENCE_BUNDLE_INPUT_INVALID: {
    status: 500,
    exit: 1,
    meaning:
      "What was gathered for a court bundle is inconsistent (a card, manifest, message or path the bundle format refuses, or evidence bytes that do not match their manifest); no bundle was written.",
  },
  EVIDENCE_CUSTODY_INVALID: {
    status: 422,
    exit: 1,
    meaning:
      "Custody entries from another node do not prove out: the tree head's signature, an inclusion proof, or an entry naming another item or manifest; nothing was accepted.",
  },
  EVIDENCE_EXPORT_BUSY: {
    status: 409,
    exit: 1,
    meaning:
      "Another court bundle is being exported from this node (one at a time): try again once its download has finished; nothing changed.",
  },
  EVIDENCE_TOO_LARGE: {
    status: 413,
    exit: 1,
    meaning:
      "An evidence upload would pass its announced size or the largest item a transmission carries (8 GiB): nothing past the last stored byte was kept.",
  },
  INTERNAL: {
    status: 500,
    exit: 2,
    meaning: "An unexpected fault; the response carries a correlation id, never the details.",
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
