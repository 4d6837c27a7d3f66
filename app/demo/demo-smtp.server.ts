import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import prisma from "../db.server";
import { DEMO_SHOP_DOMAIN, demoSmtpPort, isDemoMode } from "./demo-mode.server";

/**
 * The demo's own mail server: a real SMTP server (smtp-server) on 127.0.0.1:$SMTP_DEMO_PORT
 * (default 2525), started lazily by the app in demo mode. Everything it receives is parsed
 * (mailparser) and kept in DemoMail, shown at /app/demo/mailbox. It accepts any sender, any
 * recipient and any sign-in: it delivers nothing anywhere.
 */

const MAX_SIZE = 5 * 1024 * 1024;

export function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ");
}

/** Parses a raw message and stores it in the mailbox. */
export async function keepDemoMail(raw: Buffer, envelope: { from: string; to: string[] }) {
  const parsed = await simpleParser(raw);
  return prisma.demoMail.create({
    data: {
      envelopeFrom: envelope.from,
      envelopeTo: envelope.to,
      fromHeader: addressText(parsed.from),
      toHeader: addressText(parsed.to),
      subject: parsed.subject ?? "",
      messageId: parsed.messageId ?? null,
      text: parsed.text ?? null,
      html: typeof parsed.html === "string" ? parsed.html : null,
      size: raw.length,
    },
  });
}

/** A mailbox server on the given port (0: any free port). Resolves with the port it listens on. */
export function startDemoSmtpServer(port: number, host = "127.0.0.1"): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    name: "codetrail-demo-mailbox",
    banner: "CodeTrail demo mailbox (nothing leaves this machine)",
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    size: MAX_SIZE,
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: "demo" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error("Message too large for the demo mailbox"), { responseCode: 552 }));
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        keepDemoMail(Buffer.concat(chunks), envelope).then(
          (mail) => callback(null, `Kept in the demo mailbox as ${mail.id}`),
          (error: Error) => callback(Object.assign(new Error(`Demo mailbox could not keep the message: ${error.message}`), { responseCode: 451 })),
        );
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      server.on("error", () => {});
      const address = server.server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : port });
    });
  });
}

const globalKey = Symbol.for("codetrail.demoSmtp");
type Holder = { [globalKey]?: Promise<number> };

/**
 * Starts the demo mailbox once per process (demo mode only) and resolves with its port. If the
 * port is taken (another demo process), that server is assumed to be the mailbox.
 */
export function ensureDemoSmtpServer(): Promise<number> | null {
  if (!isDemoMode()) return null;
  const holder = globalThis as Holder;
  holder[globalKey] ??= startDemoSmtpServer(demoSmtpPort()).then(
    ({ server, port }) => {
      server.server.unref();
      return port;
    },
    (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") return demoSmtpPort();
      delete holder[globalKey];
      throw error;
    },
  );
  return holder[globalKey];
}

export function listDemoMail(limit = 50) {
  return prisma.demoMail.findMany({ orderBy: [{ receivedAt: "desc" }, { id: "asc" }], take: limit });
}

export const DEMO_SMTP_FROM = "hello@demo-store.example";

/** In demo mode, the settings the demo shop starts with: the demo's own SMTP server. Null for any other shop, or outside demo mode. */
export function demoStarterEmailSettings(shop: { domain: string }) {
  if (!isDemoMode() || shop.domain !== DEMO_SHOP_DOMAIN) return null;
  return { host: "127.0.0.1", port: demoSmtpPort(), security: "NONE" as const, fromEmail: DEMO_SMTP_FROM };
}

/** Whether settings point at the demo's own SMTP server (demo mode only). */
export function isDemoMailbox(settings: { host: string; port: number }): boolean {
  return isDemoMode() && ["127.0.0.1", "localhost"].includes(settings.host) && settings.port === demoSmtpPort();
}
