/**
 * `rogatory peer …`: this node's card and the States it trusts, on a stopped node's data directory
 * (the embedded database admits one process at a time).
 *
 *   peer card    print or write this node's signed card and its fingerprint
 *   peer import  add a State from its card, confirming the fingerprint read out by its administrator,
 *                or apply an update of a known State's card
 *   peer list    the peers and the cards held for them
 *   peer revoke  stop trusting a State
 *
 * Exit codes: 0 done; 1 the card is invalid or the fingerprint does not match (nothing stored);
 * 2 usage or environment — including a file that cannot be read or is not JSON at all.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { type NodeCard, NodeCardSchema } from "../../directory/node-card.js";
import { formatFingerprint } from "../../directory/node-card-keys.js";
import { systemClock } from "../../server/clock.js";
import { describeProblems, type NodeConfig, parseNodeConfig } from "../../server/config.js";
import { exportOwnCard } from "../../services/peers/export-own-card.js";
import { importPeerCard } from "../../services/peers/import-peer-card.js";
import { listPeers } from "../../services/peers/list-peers.js";
import { operatorActor } from "../../services/peers/operator-actor.js";
import type { PeerView } from "../../services/peers/peer-view.js";
import type { PeersContext } from "../../services/peers/peers-context.js";
import { revokePeer } from "../../services/peers/revoke-peer.js";
import { openStore } from "../../store/database.js";
import { StoreError } from "../../store/errors.js";
import { readConfigFile, readNodeKeys, readTlsIdentity } from "../../store/node-files.js";
import { CliError } from "../cli-error.js";
import { readJsonFile } from "../read-json-file.js";

type Common = { data: string; as: string };
type CardOptions = Common & {
  out?: string;
  authority?: string;
  endpoint?: string;
  declarationsVersion?: string;
};

const AS_HELP = "the user this is done as, recorded in the ledger (an administrator; an auditor may list)";

export function registerPeerCommands(program: Command): void {
  const peer = program
    .command("peer")
    .description("this node's card and the States it trusts (stop the node first)");
  peer
    .command("card")
    .description("print this node's signed card (or write it with --out) and its fingerprint")
    .requiredOption("--data <dir>", "the node's data directory")
    .option("--out <file>", "write the card to this file instead of standard output")
    .option("--authority <name>", "the authority's name (default: as on the last card)")
    .option(
      "--endpoint <url>",
      "where other nodes reach this one (default: as on the last card, else host:port)",
    )
    .option(
      "--declarations-version <date>",
      "version (YYYY-MM-DD) of the declarations published (default: as on the last card, else today)",
    )
    .option("--as <username>", AS_HELP, "admin")
    .action((options: CardOptions) => withNode(options, (node) => printCard(node, options)));
  peer
    .command("import")
    .description("trust another State from its card, or apply an update of its card")
    .argument("<file>", "the card file received from the other State")
    .requiredOption("--data <dir>", "the node's data directory")
    .option(
      "--fingerprint <hex>",
      "the fingerprint its administrator read out to you (required for a new peer)",
    )
    .option("--as <username>", AS_HELP, "admin")
    .action((file: string, options: Common & { fingerprint?: string }) => {
      const card = readJsonFile(file);
      return withNode(options, async ({ config, context, actor }) => {
        const result = await importPeerCard({
          context,
          actor,
          ownState: config.state,
          card,
          fingerprint: options.fingerprint,
        });
        const { peer: p } = result;
        const what =
          result.outcome === "unchanged" ? "unchanged (this card is held already)" : result.outcome;
        process.stdout.write(
          `peer ${p.state} ${what}: ${p.authority} at ${p.endpoint}, card sequence ${p.sequence}\n` +
            `    TLS certificate(s): ${currentTls(p)}\n`,
        );
      });
    });
  peer
    .command("list")
    .description("list the peers and the cards held for them")
    .requiredOption("--data <dir>", "the node's data directory")
    .option("--json", "print the peers as JSON")
    .option("--as <username>", AS_HELP, "admin")
    .action((options: Common & { json?: boolean }) =>
      withNode(options, async ({ context, actor }) => {
        const peers = await listPeers({ context, actor });
        process.stdout.write(options.json ? `${JSON.stringify(peers, null, 2)}\n` : describePeers(peers));
      }),
    );
  peer
    .command("revoke")
    .description("stop trusting a State; trusting it again takes a new fingerprint confirmation")
    .argument("<state>", "the State code of the peer")
    .requiredOption("--data <dir>", "the node's data directory")
    .option("--reason <text>", "why, for the ledger")
    .option("--as <username>", AS_HELP, "admin")
    .action((state: string, options: Common & { reason?: string }) =>
      withNode(options, async ({ context, actor }) => {
        const p = await revokePeer({ context, actor, state: state.toUpperCase(), reason: options.reason });
        process.stdout.write(`peer ${p.state} revoked\n`);
      }),
    );
}

type OpenedNode = {
  dataDir: string;
  config: NodeConfig;
  context: PeersContext;
  actor: Awaited<ReturnType<typeof operatorActor>>;
};

/** Opens the node's store, names the operator, runs `body`, and always closes the store. */
async function withNode(options: Common, body: (node: OpenedNode) => Promise<void>): Promise<void> {
  const parsed = parseNodeConfig(readConfigFile(options.data), process.env);
  if (!parsed.ok) {
    throw new StoreError(
      "DATA_DIR_UNUSABLE",
      describeProblems(`${options.data}/config.json`, parsed.problems),
    );
  }
  const store = await openStore({ dataDir: options.data, databaseUrl: parsed.config.databaseUrl });
  try {
    const context: PeersContext = { db: store.db, storeKind: store.kind, clock: systemClock };
    const actor = await operatorActor(store.db, options.as);
    await body({ dataDir: options.data, config: parsed.config, context, actor });
  } finally {
    await store.close();
  }
}

async function printCard(
  { dataDir, config, context, actor }: OpenedNode,
  options: CardOptions,
): Promise<void> {
  checkCardOptions(options);
  const exported = await exportOwnCard({
    context,
    actor,
    node: { state: config.state, host: config.federation.host, port: config.federation.port },
    keys: readNodeKeys(dataDir),
    tls: readTlsIdentity(dataDir),
    authority: options.authority,
    endpoint: options.endpoint,
    declarationsVersion: options.declarationsVersion,
  });
  const json = `${JSON.stringify(exported.signed, null, 2)}\n`;
  const sequence = exported.signed.card.sequence;
  const told = [
    `fingerprint: ${exported.fingerprint}`,
    `TLS certificate (SHA-256): ${tlsFingerprintsOf(exported.signed.card)}`,
    "read it to the other State's administrator by another channel (phone, in person); they import with it",
  ];
  if (options.out === undefined) {
    // The card alone on standard output, so that `> card.json` gives a file to hand over.
    process.stdout.write(json);
    process.stderr.write(`card of ${config.state}, sequence ${sequence}\n${told.join("\n")}\n`);
    return;
  }
  try {
    writeFileSync(options.out, json, { mode: 0o644 });
  } catch (cause) {
    throw new CliError("USAGE", `cannot write ${options.out}: ${(cause as Error).message}`, { cause });
  }
  process.stdout.write(
    `card of ${config.state}, sequence ${sequence}, written to ${options.out}\n${told.join("\n")}\n`,
  );
}

/** Options that would make an invalid card are usage errors (2), not an invalid card (1). */
function checkCardOptions(options: CardOptions): void {
  const { shape } = NodeCardSchema;
  const checks = [
    ["--authority", shape.authority, options.authority],
    ["--endpoint", shape.endpoint, options.endpoint],
    ["--declarations-version", shape.declarationsVersion, options.declarationsVersion],
  ] as const;
  for (const [flag, schema, value] of checks) {
    if (value !== undefined && !schema.safeParse(value).success) {
      throw new CliError(
        "USAGE",
        `${flag} ${JSON.stringify(value)} is not valid (see rogatory peer card --help)`,
      );
    }
  }
}

function describePeers(peers: readonly PeerView[]): string {
  if (peers.length === 0) return "no peers\n";
  const lines = peers.flatMap((p) => [
    `${p.state}  ${p.status}  ${p.authority}  ${p.endpoint}  card ${p.sequence} (declarations ${p.declarationsVersion})`,
    `    signing key fingerprint(s): ${p.signingFingerprints.join(", ") || "none current"}`,
    `    TLS certificate(s): ${currentTls(p)}`,
    `    confirmed ${p.fingerprintConfirmed} by ${p.confirmedBy} at ${p.confirmedAt}`,
    ...(p.revokedAt === null ? [] : [`    revoked by ${p.revokedBy} at ${p.revokedAt}`]),
    ...p.splitViews.map(
      (s) =>
        `    SPLIT VIEW detected ${s.detectedAt} (${s.reason}): heads of size ${s.firstHead.size} and ${s.secondHead.size} are two histories; evidence in ledger entry ${s.ledgerIndex}, --json for the signed heads`,
    ),
  ]);
  return `${lines.join("\n")}\n`;
}

/** The SHA-256 of the TLS certificates a peer's card lists as current: what its connections must present. */
const currentTls = (p: PeerView): string =>
  p.tls
    .filter((entry) => entry.current)
    .map((entry) => entry.fingerprint)
    .join(", ") || "none current";

const tlsFingerprintsOf = (card: NodeCard): string =>
  card.tls.map((entry) => formatFingerprint(entry.sha256)).join(", ");
