/**
 * Resolves in the task after the next frame, that is once what was just rendered is painted:
 * work that can wait for it (an article's annotations, its places) does not delay that frame. A
 * hidden window draws no frames, hence the time limit.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const limit = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(limit);
        resolve();
      }, 0),
    );
  });
}
