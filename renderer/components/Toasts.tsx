import { useApp, useAppState } from '../state/use-app';

/** The last change with its Undo, a notice, and a failure with what can be done about it. */
export function Toasts() {
  const { store, run } = useApp();
  const { lastEdit, notice, error } = useAppState();
  return (
    <>
      {lastEdit?.message && (
        <div className="toast undo-toast" role="status">
          <span>{lastEdit.message}</span>
          {lastEdit.undoId !== null && (
            <button className="link" onClick={() => run('undo')} title="Undo (Ctrl+Z)">Undo</button>
          )}
          <button className="icon" aria-label="Dismiss" onClick={store.dismissEdit}>×</button>
        </div>
      )}
      {notice && (
        <div className="toast notice-toast" role="status">
          <span>{notice}</span>
          <button className="icon" aria-label="Dismiss" onClick={() => store.notify(null)}>×</button>
        </div>
      )}
      {error && (
        <div className="toast" role="alert" data-code={error.code}>
          <span>{error.text}</span>
          {error.action && (
            <button
              className="link"
              onClick={() => {
                store.dismissError();
                run(error.action!.command);
              }}
            >
              {error.action.label}
            </button>
          )}
          <button className="icon" aria-label="Dismiss" onClick={store.dismissError}>×</button>
        </div>
      )}
    </>
  );
}
