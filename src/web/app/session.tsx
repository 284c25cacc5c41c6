/**
 * Who is signed in. The node keeps the session in an HttpOnly cookie; the UI only holds the
 * session view (user, role, CSRF token) and asks the node for it again after a reload.
 *
 * When the node says the session has ended while a screen is open, the screen stays as it is and
 * `ended` asks for a new sign-in over it (app.tsx shows the dialog): what the officer typed
 * survives, and they press their button again. Should someone else sign in there, the app starts
 * afresh at the home: one person's screen is never shown to another.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { ApiError, api, setCsrfToken, watchSession } from "./api.js";
import type { SessionView } from "./api-types.js";

export type Credentials = { username: string; password: string; totp?: string };

type SessionState = {
  /** undefined while the first check runs (or after it failed); null when nobody is signed in. */
  view: SessionView | null | undefined;
  /** Why the first check failed, when the node could not say who is signed in (not a 401). */
  checkFailure: unknown;
  /** Runs the first check again after a failure. */
  recheck(): void;
  /** The session ended under an open screen; a sign-in over it is needed. */
  ended: boolean;
  /** How many times the person signed in again after `ended`: failed loads reload on a change. */
  renewals: number;
  signIn(credentials: Credentials): Promise<void>;
  /** Signs in again after `ended`: the same person keeps the screen, another starts at home. */
  signInAgain(credentials: Credentials): Promise<void>;
  signOut(): Promise<void>;
  /** Replaces the view after a call that rotates the session (enrolling the second factor). */
  update(view: SessionView): void;
};

const SessionContext = createContext<SessionState | undefined>(undefined);

/** A fresh start at the home, the page loaded again: no state of the previous person survives. */
function restartAtHome(): void {
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
  window.location.reload();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [view, setView] = useState<SessionView | null | undefined>(undefined);
  const [checkFailure, setCheckFailure] = useState<unknown>();
  const [check, setCheck] = useState(0);
  const [ended, setEnded] = useState(false);
  const [renewals, setRenewals] = useState(0);
  // The watcher is called from outside React (any call's answer): it reads the view of now.
  const current = useRef(view);
  current.current = view;

  const update = useCallback((next: SessionView | null) => {
    current.current = next;
    setCsrfToken(next?.csrfToken);
    setView(next);
    setEnded(false);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `check` is the trigger of a new attempt.
  useEffect(() => {
    let live = true;
    setCheckFailure(undefined);
    api<SessionView>("GET", "/session").then(
      (found) => live && update(found),
      (error: unknown) => {
        if (!live) return;
        // Only the node saying "no session" means signed out; anything else is not knowing yet.
        if (error instanceof ApiError && error.status === 401) update(null);
        else setCheckFailure(error);
      },
    );
    return () => {
      live = false;
    };
  }, [update, check]);

  useEffect(
    () =>
      watchSession({
        ended() {
          if (current.current) setEnded(true);
        },
        renewed(next) {
          const signedIn = current.current;
          if (signedIn && signedIn.user.id === next.user.id) {
            update(next);
            return true;
          }
          // Another person signed in in another tab of this browser: this screen is not theirs.
          if (signedIn) setEnded(true);
          return false;
        },
      }),
    [update],
  );

  const value: SessionState = {
    view,
    checkFailure,
    recheck: () => setCheck((n) => n + 1),
    ended,
    renewals,
    update,
    async signIn(credentials) {
      update(await api<SessionView>("POST", "/session", credentials));
    },
    async signInAgain(credentials) {
      const next = await api<SessionView>("POST", "/session", credentials);
      if (next.user.id !== current.current?.user.id) return restartAtHome();
      update(next);
      setRenewals((n) => n + 1);
    },
    async signOut() {
      try {
        await api("DELETE", "/session");
      } finally {
        update(null);
      }
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (value === undefined) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in person: only for screens rendered behind the sign-in gate. */
export function useSignedIn(): SessionView {
  const { view } = useSession();
  if (view === null || view === undefined) throw new Error("useSignedIn before sign-in");
  return view;
}

/** How many times the session was renewed after ending (0 outside a provider). */
export function useSessionRenewals(): number {
  return useContext(SessionContext)?.renewals ?? 0;
}
