/**
 * Resolves once what was just rendered is painted and the page has nothing more pressing to do
 * (an idle period after the next frame): work that can wait for it (an article's annotations, its
 * places, reading ahead) neither delays that frame nor the tasks queued behind it. A hidden window
 * draws no frames, hence the time limit.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const limit = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      requestIdleCallback(() => {
        clearTimeout(limit);
        resolve();
      }),
    );
  });
}
