/**
 * Where the federation code reports what went wrong: a Fastify/pino logger fits, and so does a
 * test's recorder. `error` is optional so that callers which only collect warnings (the demo,
 * tests) can pass `{ warn }`; whoever logs an error falls back to `warn` when it is absent.
 */
export type Log = {
  warn(details: object, message: string): void;
  error?(details: object, message: string): void;
};

/** Logs at error level, or as a warning where the log has no error level. */
export function logError(log: Log | undefined, details: object, message: string): void {
  if (log === undefined) return;
  if (log.error !== undefined) log.error(details, message);
  else log.warn(details, message);
}
