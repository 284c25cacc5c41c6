/**
 * Shown over the open screen when the node says the session has ended (idle too long, signed out
 * or replaced in another tab): a modal dialog to sign in again, so the draft or the reasons the
 * officer was typing stay on the screen underneath. The call that was refused is not repeated by
 * itself (the officer decides whether to press the button again, and the dialog says so).
 *
 * A native modal `<dialog>`: the page behind is inert, the focus is kept inside, and assistive
 * technologies announce it by its heading. Escape does not dismiss it, as there is nothing to
 * return to without a session; "Sign out" is the way out.
 */
import { useEffect, useId, useRef } from "react";
import { useSession } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";
import { SignInForm } from "./sign-in-form.js";
import "./session.css";

export function SessionEndedDialog() {
  const { t } = useI18n();
  const { view, signInAgain, signOut } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    const opener = document.activeElement;
    if (!element.open) element.showModal();
    // The username is filled in: the password is what is asked for.
    element.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
    return () => {
      if (element.open) element.close();
      // Back where the person was, if that is still there and usable; else the screen's content.
      if (opener instanceof HTMLElement && opener.isConnected && !opener.matches(":disabled")) opener.focus();
      else document.getElementById("main")?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="session-ended"
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-explain`}
      onCancel={(event) => event.preventDefault()}
      // The browser may still close it on a repeated Escape: it opens again while the session is ended.
      onClose={(event) => event.currentTarget.isConnected && event.currentTarget.showModal()}
    >
      <h2 id={`${id}-heading`}>{t("session.ended.heading")}</h2>
      <p id={`${id}-explain`}>{t("session.ended.explain")}</p>
      <SignInForm onSignIn={signInAgain} username={view?.user.username} />
      <p className="hint">{t("session.ended.leaveHint")}</p>
      <button type="button" onClick={() => void signOut()}>
        {t("nav.signOut")}
      </button>
    </dialog>
  );
}
