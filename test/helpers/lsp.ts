import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type TextEdit,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/**
 * A language client for tests, as an editor is one: it starts the built `huashu lsp --stdio`
 * (`npm run build` first), speaks LSP over its stdin/stdout, keeps the documents it opened
 * and the latest diagnostics published for each URI.
 */
export class TestClient {
  readonly connection: ProtocolConnection;
  /** Registrations the server asked for (`client/registerCapability`). */
  readonly registrations: Registration[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly counts = new Map<string, number>();
  private readonly waiters: Array<() => void> = [];
  private readonly documents = new Map<string, TextDocument>();
  private readonly exited: Promise<number | null>;

  private constructor(private readonly server: ChildProcess) {
    this.exited = new Promise((resolve) => server.once("exit", (code) => resolve(code)));
    this.connection = createProtocolConnection(
      new StreamMessageReader(server.stdout!),
      new StreamMessageWriter(server.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params);
      this.counts.set(params.uri, this.publications(params.uri) + 1);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    this.connection.listen();
  }

  /** Starts a server in `cwd` and initializes it with the given client capabilities. */
  static async start(cwd: string, capabilities: ClientCapabilities = {}): Promise<TestClient> {
    const server = spawn(CLI, ["lsp", "--stdio"], { cwd, stdio: ["pipe", "pipe", "inherit"] });
    const client = new TestClient(server);
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders: null,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Opens a document with the given text. */
  async open(uri: string, text: string, languageId = "plaintext"): Promise<void> {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** The client's current text of an open document. */
  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  /** Applies edits to an open document, as an editor does when the user types or accepts a fix, and tells the server (incrementally). */
  async edit(uri: string, edits: TextEdit[]): Promise<void> {
    const before = this.documents.get(uri)!;
    const after = TextDocument.create(
      uri,
      before.languageId,
      before.version + 1,
      TextDocument.applyEdits(before, edits),
    );
    this.documents.set(uri, after);
    // Edits are sent last first, so each range still refers to the text the server holds.
    const changes = [...edits]
      .sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)
      .map((edit) => ({ range: edit.range, text: edit.newText }));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: after.version },
      contentChanges: changes,
    });
  }

  /** The diagnostics of `uri` once `accept` takes them (waiting for new publications until then). */
  async diagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 120_000,
  ): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const params = this.latest.get(uri);
      if (params && accept(params)) return params.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no accepted diagnostics for ${uri}; last: ${JSON.stringify(params?.diagnostics ?? null)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The diagnostics published for the client's current version of an open document. */
  current(uri: string): Promise<Diagnostic[]> {
    const version = this.documents.get(uri)!.version;
    return this.diagnostics(uri, (params) => params.version === version);
  }

  /** How many times diagnostics were published for `uri`. */
  publications(uri: string): number {
    return this.counts.get(uri) ?? 0;
  }

  /** Forgets what was published for `uri`, so that the next {@link diagnostics} waits for a new publication. */
  forget(uri: string): void {
    this.latest.delete(uri);
  }

  /** `shutdown` then `exit`, as an editor closes a server; resolves to the server's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /**
   * Closes the server's input, as an editor that goes away does; resolves to its exit code, or
   * to `"running"` if it is still up after `timeoutMs`.
   */
  async closeInput(timeoutMs: number): Promise<number | null | "running"> {
    this.server.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"running">((resolve) => (timer = setTimeout(() => resolve("running"), timeoutMs)));
    const code = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }

  /** Ends the server without ceremony (after a failed test). */
  kill(): void {
    this.server.kill();
    this.connection.dispose();
  }
}
