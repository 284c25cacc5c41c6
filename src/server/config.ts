/**
 * A node's configuration: parsed once at start-up from `<data>/config.json` and the environment,
 * then passed down. Every problem is reported at once, each with how to fix it.
 */
import { z } from "zod";
import { RoleSchema } from "../cases/roles.js";
import { StateCodeSchema } from "../treaty/request-document.js";

export const NodeConfigSchema = z.strictObject({
  state: StateCodeSchema,
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(1).max(65535).default(7400),
  /** PostgreSQL connection string; absent means the embedded SQLite database in the data directory. */
  databaseUrl: z.string().startsWith("postgres").optional(),
  security: z
    .strictObject({
      sessionIdleMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(30),
      sessionAbsoluteHours: z.number().int().min(1).max(72).default(12),
      totpRequiredFor: z.array(RoleSchema).default(["supervisor", "administrator"]),
      lockoutThreshold: z.number().int().min(1).max(100).default(5),
      lockoutMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(15),
      /** Cookies carry `Secure`; browsers still send them to http://127.0.0.1 and localhost. */
      secureCookies: z.boolean().default(true),
      loginRateLimitPerMinute: z.number().int().min(1).max(1000).default(10),
    })
    .prefault({}),
  ledger: z
    .strictObject({ treeHeadIntervalSeconds: z.number().int().min(5).max(86_400).default(300) })
    .prefault({}),
  /**
   * Node-to-node delivery (docs/federation.md). The defaults suit a real node; tests and the demo
   * shorten the tick and the back-off so that messages flow in seconds.
   */
  federation: z
    .strictObject({
      /**
       * The node-to-node listener (HTTPS with mutual TLS, docs/protocol.md §12), apart from the
       * officers' API. Absent: the API port + 1. Its host defaults to `host`.
       */
      port: z.number().int().min(1).max(65535).optional(),
      host: z.string().min(1).optional(),
      /** How often approved requests are sent and due messages delivered. */
      deliveryTickMs: z.number().int().min(20).max(600_000).default(5_000),
      /** The wait after the first failed attempt, before jitter; doubles with each failure. */
      retryBaseMs: z.number().int().min(10).max(3_600_000).default(5_000),
      /** No wait between attempts is longer than this. */
      retryCapMs: z
        .number()
        .int()
        .min(10)
        .max(86_400_000)
        .default(15 * 60_000),
      /** After this long without a receipt the sender stops and shows "not delivered". */
      retryHorizonHours: z
        .number()
        .min(0.001)
        .max(24 * 30)
        .default(48),
    })
    .prefault({}),
  /** Unit that receives incoming requests, and the one for urgent ones (the 24/7 point of contact). */
  units: z
    .strictObject({
      incoming: z.string().min(1).default("central-authority"),
      urgent: z.string().min(1).default("24-7"),
    })
    .prefault({}),
});
type ParsedConfig = z.infer<typeof NodeConfigSchema>;
/** The configuration with the federation listener's address resolved. */
export type NodeConfig = Omit<ParsedConfig, "federation"> & {
  federation: ParsedConfig["federation"] & { port: number; host: string };
};

const FIXES: Readonly<Record<string, string>> = {
  state: 'set "state" to the two-letter code of your State, e.g. "XA"',
  port: 'set "port" to a free TCP port between 1 and 65535',
  databaseUrl: 'set "databaseUrl" to postgres://user@host:port/db, or remove it to use the embedded database',
};

export type ConfigProblem = { path: string; problem: string; fix: string };

export function parseNodeConfig(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>> = {},
): { ok: true; config: NodeConfig } | { ok: false; problems: ConfigProblem[] } {
  const withEnv =
    raw && typeof raw === "object" && env.DATABASE_URL
      ? { ...(raw as object), databaseUrl: env.DATABASE_URL }
      : raw;
  const parsed = NodeConfigSchema.safeParse(withEnv);
  if (parsed.success) return resolveFederation(parsed.data);
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join(".") || "(the file)";
    const top = String(issue.path[0] ?? "");
    const fix =
      FIXES[top] ??
      (issue.code === "unrecognized_keys"
        ? "remove the unknown setting (check its spelling)"
        : "see docs/configuration.md");
    return { path, problem: issue.message, fix };
  });
  return { ok: false, problems };
}

/** The federation listener's defaults follow the API's address; the two must not share a port. */
function resolveFederation(
  config: ParsedConfig,
): { ok: true; config: NodeConfig } | { ok: false; problems: ConfigProblem[] } {
  const port = config.federation.port ?? config.port + 1;
  const host = config.federation.host ?? config.host;
  if (port > 65535 || port === config.port) {
    const problem =
      port === config.port
        ? "the federation listener cannot share the API's port"
        : "the default (the API port + 1) is above 65535";
    return {
      ok: false,
      problems: [{ path: "federation.port", problem, fix: 'set "federation.port" to another free TCP port' }],
    };
  }
  return { ok: true, config: { ...config, federation: { ...config.federation, port, host } } };
}

export function describeProblems(file: string, problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.path}: ${p.problem}\n    fix: ${p.fix}`);
  return `${file} has ${problems.length} problem(s):\n${lines.join("\n")}`;
}
