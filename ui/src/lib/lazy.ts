// A page's code, loaded the first time the page is opened: the window holds the code of
// the pages a person used, not of every page (the start page is in the first file).

/**
 * What `load` gives, the first time as a promise and from then on at once (an
 * `{#await}` then shows it without waiting a turn). A load that failed is tried again
 * the next time.
 */
export function lazy<T>(load: () => Promise<{ default: T }>): () => T | Promise<T> {
  let code: T | undefined;
  let loading: Promise<T> | undefined;
  return () =>
    code ??
    (loading ??= load().then(
      (module) => (code = module.default),
      (e: unknown) => {
        loading = undefined;
        throw e;
      },
    ));
}
