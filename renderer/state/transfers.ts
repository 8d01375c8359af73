/**
 * What comes in and goes out: files, pages and feeds brought in (progress and the report in the
 * import dialog), feed refreshes, OPML and annotation files. The words of their reports are here,
 * not in main.
 */
import type { ImportReport, LecternApi } from '../../main/common/contract';
import type { ExportFormat, State } from './state';

/** What these actions need of the store. */
export interface StoreCore {
  api: LecternApi;
  set: (patch: Partial<State>) => void;
  fail: (err: unknown, doing?: string) => void;
  refresh: () => Promise<void>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const firstFailure = (failed: { item: string; reason: string }[]) => `${failed.length} refused — ${failed[0]!.item}: ${failed[0]!.reason}`;

export function transferActions({ api, set, fail, refresh }: StoreCore) {
  const actions = {
    /** Files (already read by the page): progress and the summary in the import dialog. */
    async importFiles(read: () => Promise<{ ready: { name: string; dataBase64: string }[]; tooLarge: ImportReport['failed'] }>) {
      set({ importState: { progress: null, report: null } });
      try {
        const { ready, tooLarge } = await read();
        const report = ready.length ? await api.importFiles({ files: ready }) : { imported: [], skipped: [], failed: [] };
        report.failed.unshift(...tooLarge);
        set({ importState: { progress: null, report } });
        void refresh();
      } catch (err) {
        set({ importState: null });
        fail(err, 'Import');
      }
    },
    /** A web address saved, a feed followed: progress and the summary in the import dialog. */
    async bringIn(work: () => Promise<ImportReport>) {
      set({ importState: { progress: null, report: null } });
      try {
        const report = await work();
        set({ importState: { progress: null, report } });
        void refresh();
      } catch (err) {
        set({ importState: null });
        fail(err, 'Import');
      }
    },
    saveUrl(url: string) {
      return actions.bringIn(() => api.saveUrls({ urls: [url] }));
    },
    follow(url: string, fullText: boolean) {
      return actions.bringIn(async () => (await api.addFeed({ url, fullText })).report);
    },
    async cancelImport(runId: number) {
      try {
        await api.cancelImport({ runId });
      } catch (err) {
        fail(err, 'Cancelling the import');
      }
    },
    closeImport() {
      set({ importState: null });
    },

    async refreshFeeds(feedId?: number) {
      set({ refreshing: true });
      try {
        const r = await api.refreshFeeds(feedId === undefined ? {} : { feedId });
        set({ notice: `${plural(r.feeds, 'feed', 'feeds')} refreshed: ${plural(r.added, 'new article', 'new articles')}${r.failed.length ? `; ${r.failed.length} failed — ${r.failed[0]!.item}: ${r.failed[0]!.reason}` : ''}` });
      } catch (err) {
        fail(err, 'Refreshing feeds');
      } finally {
        set({ refreshing: false });
        void refresh();
      }
    },
    async setFeedFullText(feedId: number, fullText: boolean) {
      try {
        await api.updateFeed({ feedId, fullText });
        await refresh();
      } catch (err) {
        fail(err);
      }
    },
    async unfollow(feed: { id: number; name: string }) {
      try {
        await api.deleteFeed({ feedId: feed.id });
        set({ notice: `Unfollowed ${feed.name}; its articles stay in your library.`, scope: null });
        await refresh();
      } catch (err) {
        fail(err);
      }
    },
    async importOpml() {
      try {
        const r = await api.importOpml();
        if ('cancelled' in r) return;
        set({ notice: `${r.added} feeds followed, ${r.skipped} already followed${r.failed.length ? `, ${firstFailure(r.failed)}` : ''}. Reading them now…` });
        await actions.refreshFeeds();
      } catch (err) {
        fail(err, 'OPML import');
      }
    },
    async exportOpml() {
      try {
        const { file, count } = await api.exportOpml();
        if (file) set({ notice: `Exported ${count} feeds to ${file}` });
      } catch (err) {
        fail(err, 'Export');
      }
    },
    async fetchLinks() {
      try {
        const r = await api.fetchLinks();
        if (r.failed.length) set({ error: { code: 'IMPORT_FAILED', text: `${r.failed[0]!.item}: ${r.failed[0]!.reason}` } });
      } catch (err) {
        fail(err, 'Fetching the text');
      }
    },

    async exportAnnotations(format: ExportFormat, articleId?: number) {
      try {
        const { file, count } = await api.exportAnnotations({ format, ...(articleId !== undefined && { articleId }) });
        if (file) set({ notice: `Exported ${plural(count, 'annotation', 'annotations')} to ${file}` });
      } catch (err) {
        fail(err, 'Export');
      }
    },
    async importAnnotations() {
      try {
        const { report } = await api.importAnnotations();
        if (!report) return;
        const parts = [`Imported ${plural(report.imported, 'annotation', 'annotations')}`];
        if (report.updated) parts.push(`${report.updated} updated`);
        if (report.orphaned) parts.push(`${report.orphaned} not found in their article's text (kept)`);
        if (report.failed.length) parts.push(firstFailure(report.failed));
        set({ notice: parts.join('; ') });
        void refresh();
      } catch (err) {
        fail(err, 'Import');
      }
    },
  };
  return actions;
}
