/**
 * Moving the focus to a newly opened screen's `h1`, so a screen reader says which screen it is and
 * reading starts at its top. Screens often draw their heading only once their data has arrived, so
 * this waits for it to appear. It takes the focus only if the person has not moved it meanwhile
 * (typed in a field, tabbed on): the focus is theirs once they have used it.
 */

/** Focuses the first `h1` inside `container` now or once it appears; returns the cancel function. */
export function focusHeadingOf(container: HTMLElement): () => void {
  const before = document.activeElement;
  const focusIfShown = (): boolean => {
    const heading = container.querySelector("h1");
    if (heading === null) return false;
    const now = document.activeElement;
    if (now === before || now === null || now === document.body) {
      if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
      heading.focus();
    }
    return true;
  };
  if (focusIfShown()) return () => {};
  const observer = new MutationObserver(() => {
    if (focusIfShown()) observer.disconnect();
  });
  observer.observe(container, { childList: true, subtree: true });
  return () => observer.disconnect();
}
