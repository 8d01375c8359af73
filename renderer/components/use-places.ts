import { useCallback, useEffect, useState } from 'react';
import type { Bookmark } from '../../main/common/contract';
import { afterPaint } from '../after-paint';
import { api } from '../api';

export interface Places {
  places: Bookmark[];
  /** Whether the Places list is shown. */
  open: boolean;
  /** The place added last, while the list shows it: its label takes the focus. */
  added: number | null;
  toggle(): void;
  /** Saves a place with `make`, then shows the list with it; the place, or null when saving failed (reported). */
  add(make: () => Promise<Bookmark>): Promise<Bookmark | null>;
  rename(place: Bookmark, label: string): void;
  remove(place: Bookmark): void;
}

/**
 * The place bookmarks of the article or book a reader shows — every reader the same way: asked
 * for after the frame that paints the text (the count can wait, the text cannot), again after each
 * change, closed and emptied when the reader moves to another article.
 */
export function usePlaces(articleId: number | null, fail: (err: unknown) => void): Places {
  const [places, setPlaces] = useState<Bookmark[]>([]);
  const [open, setOpen] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const reload = useCallback(async () => {
    if (articleId === null) return;
    try {
      setPlaces(await api.listBookmarks({ id: articleId }));
    } catch (err) {
      fail(err);
    }
  }, [articleId, fail]);
  useEffect(() => {
    setPlaces((p) => (p.length > 0 ? [] : p));
    setOpen(false);
    let current = true;
    void afterPaint().then(() => {
      if (current) void reload();
    });
    return () => {
      current = false;
    };
  }, [reload]);
  return {
    places,
    open,
    added,
    toggle: () => {
      setAdded(null);
      setOpen((o) => !o);
    },
    add: async (make) => {
      try {
        const place = await make();
        await reload();
        setAdded(place.id);
        setOpen(true);
        return place;
      } catch (err) {
        fail(err);
        return null;
      }
    },
    rename: (place, label) => void api.renameBookmark({ bookmarkId: place.id, label }).then(reload, fail),
    remove: (place) => void api.deleteBookmark({ bookmarkId: place.id }).then(reload, fail),
  };
}
