/** The environment as functions read it: injectable in tests, process.env by default. */
export type Env = Readonly<Record<string, string | undefined>>;
