import net from "node:net";
import tls from "node:tls";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as settingsRoute from "../../app/routes/app.settings.email/route";
import { resolveOutbound, type OutboundPolicy } from "../../app/services/outbound.server";
import { OutboundRefused, sendSmtpMail, smtpReplies, testSmtpConnection } from "../../app/services/smtp.server";
import { callRoute, demoRouteTest } from "../support/routes";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";

/**
 * Settings → Email connects only where the outbound policy allows: public addresses by default,
 * private ones with SMTP_ALLOW_PRIVATE_HOSTS=1, never cloud metadata. Refusals happen before any
 * connection. Every connection this file makes goes to loopback: a guard on net.connect and
 * tls.connect refuses (and records) any other address, so a broken policy fails the test instead
 * of sending a packet to 10.0.0.1 or 169.254.169.254.
 */

const { db, shop } = demoRouteTest();
let smtp: TestSmtpServer;
let connections: number;
const attempts: string[] = [];

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(() => smtp.close());

beforeEach(() => {
  attempts.length = 0;
  connections = 0;
  vi.stubEnv("SMTP_DEMO_PORT", "2"); // the demo mailbox's exception: not a port this file uses
  vi.stubEnv("SMTP_ALLOW_PRIVATE_HOSTS", "");
  const guard = <F extends (...args: never[]) => unknown>(original: F) =>
    ((...args: unknown[]) => {
      const options = (typeof args[0] === "object" ? args[0] : { port: args[0], host: args[1] }) as { host?: string; port?: number };
      attempts.push(`${options.host}:${options.port}`);
      if (!["127.0.0.1", "::1", "localhost"].includes(String(options.host))) throw new Error(`test guard: no connection to ${options.host}`);
      if (options.port === smtp.port) connections++;
      return (original as unknown as (...a: unknown[]) => unknown)(...args);
    }) as unknown as F;
  const [netConnect, tlsConnect] = [guard(net.connect.bind(net)), guard(tls.connect.bind(tls))];
  vi.spyOn(net, "connect").mockImplementation(netConnect);
  vi.spyOn(tls, "connect").mockImplementation(tlsConnect);
});
afterEach(() => vi.restoreAllMocks());

const DEFAULT: OutboundPolicy = { allowPrivateHosts: false, allowed: [] };
const lookupTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: net.isIP(address) }));

const server = (host: string, port = smtp.port) => ({ host, port, security: "NONE" as const, username: null });

function save(host: string, port = smtp.port) {
  return callRoute<{ ok: boolean; fieldErrors: Record<string, string> }>(settingsRoute.action, {
    path: "/app/settings/email",
    form: { intent: "save", host, port: String(port), security: "NONE", fromEmail: "hello@shop.example" },
  });
}

/** Settings as stored before this check existed (the form would refuse them now). */
async function storeSettings(host: string, port = smtp.port) {
  const data = { host, port, security: "NONE" as const, fromEmail: "hello@shop.example", lastTestAt: null, lastTestOk: null, lastTestFailure: null, lastTestResponse: null };
  await db.prisma.emailSettings.upsert({ where: { shopId: shop.id }, create: { shopId: shop.id, ...data }, update: data });
}

async function testConnection() {
  const result = await callRoute(settingsRoute.action, { path: "/app/settings/email", form: { intent: "test" } });
  const row = await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
  return { status: result.status, ok: row.lastTestOk, failure: row.lastTestFailure, response: row.lastTestResponse };
}

const PRIVATE_TARGETS = ["127.0.0.1", "[::1]", "10.0.0.1", "169.254.169.254", "192.168.1.20", "100.100.100.200", "[fd00:ec2::254]", "[::ffff:127.0.0.1]", "0.0.0.0"];

describe("the outbound policy", () => {
  it("refuses loopback, private, link-local, CGNAT, metadata, multicast, unspecified and mapped addresses, and allows public ones", async () => {
    for (const host of [...PRIVATE_TARGETS, "168.63.129.16", "224.0.0.1", "[fe80::1]", "[64:ff9b::a00:1]", "[2002:7f00:1::]", "192.0.2.1"]) {
      expect(await resolveOutbound(host, 587, DEFAULT), host).toEqual({ ok: false, reason: "blocked" });
    }
    for (const host of ["93.184.215.14", "[2606:4700:4700::1111]"]) {
      expect(await resolveOutbound(host, 587, DEFAULT), host).toMatchObject({ ok: true });
    }
  });

  it("checks every address a name resolves to, and answers with the checked address", async () => {
    expect(await resolveOutbound("metadata.google.internal", 587, { ...DEFAULT, lookup: lookupTo("169.254.169.254") })).toEqual({ ok: false, reason: "blocked" });
    expect(await resolveOutbound("mail.shop.example", 587, { ...DEFAULT, lookup: lookupTo("93.184.215.14", "10.0.0.5") })).toEqual({ ok: false, reason: "blocked" });
    expect(await resolveOutbound("mail.shop.example", 587, { ...DEFAULT, lookup: lookupTo("::ffff:10.0.0.5") })).toEqual({ ok: false, reason: "blocked" });
    expect(await resolveOutbound("Mail.Shop.Example", 587, { ...DEFAULT, lookup: lookupTo("93.184.215.14") })).toEqual({ ok: true, host: "mail.shop.example", address: "93.184.215.14" });
    const missing = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await resolveOutbound("nowhere.example", 587, { ...DEFAULT, lookup: missing })).toEqual({ ok: false, reason: "notFound" });
  });

  it("opens this machine and private networks with the self-hosting setting, never cloud metadata", async () => {
    const selfHosting = { ...DEFAULT, allowPrivateHosts: true };
    for (const host of ["127.0.0.1", "[::1]", "10.0.0.1", "192.168.1.20", "[fd12::25]"]) {
      expect(await resolveOutbound(host, 587, selfHosting), host).toMatchObject({ ok: true });
    }
    for (const host of ["169.254.169.254", "168.63.129.16", "[fe80::1]", "0.0.0.0"]) {
      expect(await resolveOutbound(host, 587, selfHosting), host).toEqual({ ok: false, reason: "blocked" });
    }
    // The demo mailbox: that host and port only.
    const demo = { ...DEFAULT, allowed: [{ host: "127.0.0.1", port: 2525 }] };
    expect(await resolveOutbound("127.0.0.1", 2525, demo)).toMatchObject({ ok: true });
    expect(await resolveOutbound("127.0.0.1", 22, demo)).toEqual({ ok: false, reason: "blocked" });
  });
});

describe("Settings → Email", () => {
  it("refuses to save a private, loopback or metadata host: a 400 field error, nothing saved", async () => {
    for (const host of ["127.0.0.1", "[::1]", "10.0.0.1", "169.254.169.254"]) {
      const result = await save(host);
      expect(result.status, host).toBe(400);
      expect(result.body.fieldErrors, host).toEqual({ host: "outreach.settings.host.blocked" });
    }
    expect(await db.prisma.emailSettings.findUnique({ where: { shopId: shop.id } })).toBeNull();
    expect(attempts).toEqual([]);
  });

  it("does not connect to 127.0.0.1, ::1, 10.0.0.1 or 169.254.169.254 by default: the same refusal whether a port is open or closed", async () => {
    for (const [host, port] of [["127.0.0.1", smtp.port], ["127.0.0.1", 1], ["[::1]", smtp.port], ["10.0.0.1", 25], ["169.254.169.254", 80]] as const) {
      await storeSettings(host, port);
      expect(await testConnection(), `${host}:${port}`).toEqual({ status: 200, ok: false, failure: "blocked", response: "" });
    }
    expect(attempts).toEqual([]);
    expect(connections).toBe(0);
  });

  it("connects to a private mail server with SMTP_ALLOW_PRIVATE_HOSTS=1, still never to cloud metadata", async () => {
    vi.stubEnv("SMTP_ALLOW_PRIVATE_HOSTS", "1");
    expect((await save("127.0.0.1")).body).toMatchObject({ ok: true });
    expect(await testConnection()).toEqual({ status: 200, ok: true, failure: null, response: expect.stringMatching(/^220 .*Test SMTP server ready/) });
    expect(connections).toBe(1);
    expect((await save("169.254.169.254", 80)).body.fieldErrors).toEqual({ host: "outreach.settings.host.blocked" });
    await storeSettings("169.254.169.254", 80);
    expect(await testConnection()).toMatchObject({ ok: false, failure: "blocked" });
    expect(attempts).toEqual([`127.0.0.1:${smtp.port}`]);
  });

  it("shows a clean message, not a 500 and not the banner, when a service greets with an SSH banner, a NUL byte or binary", async () => {
    vi.stubEnv("SMTP_ALLOW_PRIVATE_HOSTS", "1");
    for (const greeting of ["SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n", "220 mail\0ready\r\n\0\0", Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x0d, 0x0a])]) {
      const banner = await rawServer(greeting);
      try {
        await storeSettings("127.0.0.1", banner.port);
        const result = await testConnection();
        expect(result.status).toBe(200);
        expect(result.ok).toBe(false);
        expect(result.failure).toMatch(/^(notSmtp|connect)$/);
        expect(result.response).not.toMatch(/SSH|OpenSSH|[\p{Cc}]/u);
      } finally {
        await banner.close();
      }
    }
  });
});

describe("the SMTP client", () => {
  it("refuses a name that resolves to a private address before connecting (injected resolver)", async () => {
    for (const address of ["127.0.0.1", "::1", "10.0.0.1", "169.254.169.254"]) {
      const answer = await testSmtpConnection(server("mail.shop.example"), null, { ...DEFAULT, lookup: lookupTo(address) });
      expect(answer, address).toEqual({ ok: false, replies: [], failure: "blocked" });
    }
    await expect(
      sendSmtpMail(server("mail.shop.example"), null, { from: { name: "Shop", address: "a@shop.example" }, to: "b@example.com", subject: "s", text: "t", html: "h" }, { ...DEFAULT, lookup: lookupTo("10.0.0.1") }),
    ).rejects.toBeInstanceOf(OutboundRefused);
    expect(attempts).toEqual([]);
  });

  it("connects to the address it checked, resolving the name once (a second DNS answer cannot redirect it)", async () => {
    let lookups = 0;
    const rebinding = async () => {
      lookups++;
      // First answer: the allowed server; any later answer would point elsewhere.
      return [{ address: lookups === 1 ? "127.0.0.1" : "10.0.0.1", family: 4 }];
    };
    const answer = await testSmtpConnection(server("mail.shop.example"), null, { allowPrivateHosts: true, allowed: [], lookup: rebinding });
    expect(answer).toMatchObject({ ok: true, replies: expect.arrayContaining([expect.stringMatching(/^220 /)]) });
    expect(lookups).toBe(1);
    expect(attempts).toEqual([`127.0.0.1:${smtp.port}`]);
  });

  it("keeps only SMTP reply lines, without control characters, each at most 200 characters", () => {
    expect(smtpReplies("SSH-2.0-OpenSSH_9.6\r\n220 mail.example ESMTP\r\n")).toEqual(["220 mail.example ESMTP"]);
    expect(smtpReplies("250-mail\0.example\x1b[31m\u202e\r\n250 OK")).toEqual(["250-mail.example[31m", "250 OK"]);
    expect(smtpReplies(`554 ${"x".repeat(5000)}`)[0]).toHaveLength(200);
    expect(smtpReplies("HTTP/1.1 400 Bad Request\r\n\r\n<html>")).toEqual([]);
  });
});

/** A TCP service on loopback that greets with `greeting` and then says nothing. */
async function rawServer(greeting: string | Buffer) {
  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.write(greeting);
    setTimeout(() => socket.destroy(), 300).unref();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", () => resolve()));
  const address = listener.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        listener.close(() => resolve());
      }),
  };
}
