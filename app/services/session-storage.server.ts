import type { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "../db.server";

type PrismaClientForSessions = ConstructorParameters<typeof PrismaSessionStorage>[0];

/**
 * Shopify's Prisma session storage, built on first use instead of at import.
 *
 * `PrismaSessionStorage` queries the Session table from its constructor. Built while
 * `shopify.server` is imported, that query ran before the migrations (in the demo's seeding step,
 * in every test file) and, worse, opened the default database as a side effect of an import: the
 * embedded one under `.data/` in the repository, from several test processes at once. The first
 * session read or write comes from a request, after start-up has migrated the database
 * (app/services/startup.server.ts), so building the storage then never sees a missing table.
 */
export class LazyPrismaSessionStorage {
  private storage: PrismaSessionStorage<PrismaClientForSessions> | undefined;

  private get inner() {
    // The session storage is typed against the classic generated client; it only uses
    // `prisma.session`, which the app's client (new generator, same schema) provides.
    this.storage ??= new PrismaSessionStorage(prisma as unknown as PrismaClientForSessions);
    return this.storage;
  }

  storeSession(session: Session) {
    return this.inner.storeSession(session);
  }
  loadSession(id: string) {
    return this.inner.loadSession(id);
  }
  deleteSession(id: string) {
    return this.inner.deleteSession(id);
  }
  deleteSessions(ids: string[]) {
    return this.inner.deleteSessions(ids);
  }
  findSessionsByShop(shop: string) {
    return this.inner.findSessionsByShop(shop);
  }
}
