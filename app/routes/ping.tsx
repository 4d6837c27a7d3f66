// An empty handler: the benchmark's baseline for what the HTTP stack alone costs on this server.
export const loader = () => new Response("pong", { headers: { "Content-Type": "text/plain" } });
