import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/**
 * A real SMTP server for tests (smtp-server on a free loopback port): it keeps every message it
 * accepts, parsed with mailparser, and can be told to refuse recipients or data, or to require a
 * user name and password.
 */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Refuse RCPT TO with this reply (e.g. "550 5.1.1 No such user"), or accept when null. */
  rejectRecipient: string | null;
  /** Refuse the message after DATA this many more times. */
  rejectDataTimes: number;
  /** Connections it accepted. */
  connections: number;
  close(): Promise<void>;
}

export async function startTestSmtpServer(options: { user?: string; password?: string } = {}): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    port: 0,
    received: [],
    rejectRecipient: null,
    rejectDataTimes: 0,
    connections: 0,
    close: async () => {},
  };
  const auth = Boolean(options.user);
  const config: SMTPServerOptions = {
    name: "test.smtp.local",
    banner: "Test SMTP server ready",
    logger: false,
    disabledCommands: ["STARTTLS", ...(auth ? [] : ["AUTH"])],
    authOptional: !auth,
    allowInsecureAuth: true,
    onConnect(_session, callback) {
      state.connections++;
      callback();
    },
    onAuth(credentials, _session, callback) {
      if (credentials.username === options.user && credentials.password === options.password) callback(null, { user: credentials.username });
      else callback(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (state.rejectRecipient) {
        const [code, ...text] = state.rejectRecipient.split(" ");
        callback(Object.assign(new Error(`${text.join(" ")} <${address.address}>`), { responseCode: Number(code) }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (state.rejectDataTimes > 0) {
          state.rejectDataTimes -= 1;
          callback(Object.assign(new Error("Message refused: try again later"), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        // A message the parser cannot read is refused (the sender sees it), never an unhandled rejection.
        simpleParser(raw).then(
          (parsed) => {
            state.received.push({
              envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address) },
              parsed,
              raw: raw.toString("utf8"),
            });
            callback(null, `Queued as TEST${state.received.length}`);
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  const server = new SMTPServer(config);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.server.address();
  state.port = typeof address === "object" && address ? address.port : 0;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
