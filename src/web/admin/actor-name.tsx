/** An actor as recorded (`user:<id>`, `system`, `peer:XB`), after its username when that is known. */
export function ActorName({ actor, username }: { actor: string; username: string | undefined }) {
  return (
    <span className="actor">
      {username === undefined ? null : (
        <>
          <strong translate="no">{username}</strong>{" "}
        </>
      )}
      <code translate="no">{actor}</code>
    </span>
  );
}
