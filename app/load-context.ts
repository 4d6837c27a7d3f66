// What server.mjs hands every loader and action (getLoadContext): the socket's peer address, for
// rate limits only. Absent under the development server and in route tests that pass none.
declare module "@remix-run/node" {
  interface AppLoadContext {
    peerAddress?: string;
  }
}

export {};
