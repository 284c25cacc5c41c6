/**
 * Who is signed in. The node keeps the session in an HttpOnly cookie; the UI only holds the
 * session view (user, role, CSRF token) and asks the node for it again after a reload.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, api, setCsrfToken } from "./api.js";
import type { SessionView } from "./api-types.js";

type SessionState = {
  /** undefined while the first check runs; null when nobody is signed in. */
  view: SessionView | null | undefined;
  signIn(credentials: { username: string; password: string; totp?: string }): Promise<void>;
  signOut(): Promise<void>;
  /** Replaces the view after a call that rotates the session (enrolling the second factor). */
  update(view: SessionView): void;
};

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [view, setView] = useState<SessionView | null | undefined>(undefined);

  const update = useCallback((next: SessionView | null) => {
    setCsrfToken(next?.csrfToken);
    setView(next);
  }, []);

  useEffect(() => {
    api<SessionView>("GET", "/session").then(update, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) update(null);
      else update(null);
    });
  }, [update]);

  const value: SessionState = {
    view,
    update,
    async signIn(credentials) {
      update(await api<SessionView>("POST", "/session", credentials));
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
