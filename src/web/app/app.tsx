/**
 * The app: language and session around everything; signed out, the sign-in page; signed in, the
 * screen the address names, if this person's role may open it. A session that ends under a screen
 * brings a sign-in dialog over it, the screen staying as it was.
 */
import { useEffect, useRef } from "react";
import { I18nProvider, useI18n } from "../i18n/i18n.js";
import { EnrolSecondFactor } from "../session/enrol-second-factor.js";
import { SessionEndedDialog } from "../session/session-ended-dialog.js";
import { SessionUnreachable } from "../session/session-unreachable.js";
import { SignIn } from "../session/sign-in.js";
import { focusHeadingOf } from "./focus-heading.js";
import { Layout } from "./layout.js";
import { useRoute } from "./router.js";
import { mayOpen, screenFor } from "./screens.js";
import { SessionProvider, useSession } from "./session.js";

/** A page that cannot be shown still has its heading, so it reads like any other screen. */
function Refusal({ text }: { text: string }) {
  return (
    <div role="alert">
      <h1 className="error">{text}</h1>
    </div>
  );
}

function CurrentScreen() {
  const { t } = useI18n();
  const { view } = useSession();
  const { segments, address } = useRoute();
  const container = useRef<HTMLDivElement>(null);
  const screen = segments === undefined ? undefined : screenFor(segments);

  const firstRender = useRef(true);
  // A screen opened from another takes the focus on its heading, so keyboard and screen-reader
  // users start at its top and hear its name; the first screen after loading leaves the focus
  // where the browser put it (before the skip button).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address is the trigger, not an input.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (container.current !== null) return focusHeadingOf(container.current);
  }, [address]);

  if (view === null || view === undefined) return null;
  let content: React.ReactNode;
  if (screen === undefined || segments === undefined) content = <Refusal text={t("app.notFound")} />;
  else if (!mayOpen(screen, view.user.role)) content = <Refusal text={t("app.notAllowed")} />;
  else content = <screen.component path={segments} />;
  return (
    <Layout current={screen?.route ?? ""}>
      <div ref={container} className="screen">
        {content}
      </div>
    </Layout>
  );
}

function Gate() {
  const { t } = useI18n();
  const { view, checkFailure, recheck, ended } = useSession();
  if (view === undefined)
    return checkFailure === undefined ? (
      <p aria-busy="true">{t("app.loading")}</p>
    ) : (
      <SessionUnreachable failure={checkFailure} onRetry={recheck} />
    );
  if (view === null) return <SignIn />;
  // One shape whether or not the dialog shows, so the screen under it is never mounted afresh.
  return (
    <>
      {view.mfaEnrolmentRequired ? <EnrolSecondFactor /> : <CurrentScreen />}
      {ended && <SessionEndedDialog />}
    </>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </I18nProvider>
  );
}
