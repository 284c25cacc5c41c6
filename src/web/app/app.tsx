/**
 * The app: language and session around everything; signed out, the sign-in page; signed in, the
 * screen the address names, if this person's role may open it.
 */
import { useEffect, useRef } from "react";
import { I18nProvider, useI18n } from "../i18n/i18n.js";
import { EnrolSecondFactor } from "../session/enrol-second-factor.js";
import { SignIn } from "../session/sign-in.js";
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
  const path = useRoute();
  const heading = useRef<HTMLDivElement>(null);
  const screen = screenFor(path);
  const address = path.join("/");

  const firstRender = useRef(true);
  // A screen opened from another takes the focus, so keyboard and screen-reader users start at its
  // top; the first screen after loading leaves it where the browser put it (before the skip button).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address is the trigger, not an input.
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else heading.current?.focus();
  }, [address]);

  if (view === null || view === undefined) return null;
  let content: React.ReactNode;
  if (screen === undefined) content = <Refusal text={t("app.notFound")} />;
  else if (!mayOpen(screen, view.user.role)) content = <Refusal text={t("app.notAllowed")} />;
  else content = <screen.component path={path} />;
  return (
    <Layout current={screen?.route ?? ""}>
      <div ref={heading} tabIndex={-1} className="screen">
        {content}
      </div>
    </Layout>
  );
}

function Gate() {
  const { t } = useI18n();
  const { view } = useSession();
  if (view === undefined) return <p aria-busy="true">{t("app.loading")}</p>;
  if (view === null) return <SignIn />;
  if (view.mfaEnrolmentRequired) return <EnrolSecondFactor />;
  return <CurrentScreen />;
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
