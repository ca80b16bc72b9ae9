import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CONFIG_FILE } from "../project/config.js";
import { scriptSyntax } from "../project/read-input.js";
import type { Violation } from "../engine/violation.js";
import { formatDiagnostic } from "../errors.js";
import { preloadSegmenter } from "../match/segmenter.js";
import type { CommentSyntax } from "../suppress/directives.js";
import {
  hoverAt,
  invalidConfigDiagnostic,
  lintDiagnostics,
  PROBLEM_CODES,
  problemDiagnostic,
  quickFixes,
  violationsFor,
} from "./convert.js";
import type { Project } from "../project/project.js";
import { FramedMessageReader } from "./message-reader.js";
import { Projects } from "./projects.js";

/** Quiet time after an edit before the document is linted again: typing does not lint every keystroke. */
export const DEBOUNCE_MS = 150;

/**
 * Idle time before jieba is loaded. Loading blocks the process for 1.5 s or more, so it waits
 * until no lint is pending (the first documents' diagnostics go out first) rather than
 * running straight after `initialize`.
 */
export const PRELOAD_IDLE_MS = 200;

/** Idle time before jieba is loaded when no document has been linted yet: the editor's first `didOpen` may take a moment. */
const FIRST_PRELOAD_IDLE_MS = 1000;

/** A script as last linted: what code actions and hovers answer from. */
interface LintedDocument {
  version: number;
  violations: Violation[];
  project: Project;
  syntax: CommentSyntax;
}

/** The path of a `file:` URI of a script (`.txt`, `.md`, `.yaml`, `.yml`); undefined for anything else. */
function scriptPath(uri: string): { path: string; syntax: CommentSyntax } | undefined {
  const path = localPath(uri);
  const syntax = path === undefined ? undefined : scriptSyntax(path);
  return syntax === undefined ? undefined : { path: path!, syntax };
}

/** The path of a local `file:` URI; undefined for `untitled:`, a file on another host and the like. */
function localPath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Starts huashu's language server on `input` and `output` (stdin and stdout by default) and
 * returns its connection. Scripts are linted on open and, debounced, on change — only the changed
 * one; the nearest `huashu.config.yaml` applies, as for `huashu lint`; config and rule files are
 * watched, and their problems shown on them rather than stopping the server. The process exits
 * on the client's `exit` notification or when `input` ends, whatever state the server is in (file
 * watchers would keep it alive); after `shutdown` it answers requests with an error only.
 */
export function startServer(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Connection {
  const reader = new FramedMessageReader(input, (message) => process.stderr.write(`huashu lsp: ${message}\n`));
  const connection = createConnection(reader, new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  let segmenterReady = false;
  const projects = new Projects(
    () => ({ checkExamples: segmenterReady }),
    () => void showProblems(),
  );
  const linted = new Map<string, LintedDocument>();
  const pending = new Map<string, NodeJS.Timeout>();
  let running = 0;
  /** Config and rule files showing problems, with what they show. */
  let problemFiles = new Map<string, LspDiagnostic[]>();
  let clientWatchesFiles = false;
  const fsWatchers = new Map<string, FSWatcher>();
  let reloadTimer: NodeJS.Timeout | undefined;
  let preloadTimer: NodeJS.Timeout | undefined;
  let shutDown = false;

  const publish = (uri: string, diagnostics: LspDiagnostic[], version?: number) => {
    void connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined && { version }) });
  };

  /** Lints one open script now and publishes its diagnostics. */
  async function lintDocument(uri: string): Promise<void> {
    const script = scriptPath(uri);
    if (!script || !documents.get(uri)) return;
    running++;
    try {
      const project = await projects.projectFor(script.path);
      const skipped = await project.isSkipped(script.path);
      // The document may have closed or changed while the project loaded: lint what it is now.
      const document = documents.get(uri);
      if (!document) return;
      const rules = project.rules;
      const text = document.getText();
      let violations: Violation[] = [];
      if (project.watched.includes(script.path)) {
        // A config or rule file is no script: it shows its own problems.
        publish(uri, problemFiles.get(uri) ?? [], document.version);
      } else if (!rules) {
        publish(uri, [invalidConfigDiagnostic(project.problems)], document.version);
      } else if (skipped || !/\S/.test(text)) {
        // Skipped like `huashu lint` does; a new, empty file is no problem while it is written.
        publish(uri, [], document.version);
      } else {
        const result = rules.linter.lintScriptText(script.path, text);
        violations = result.results.flatMap((r) => r.violations);
        publish(uri, lintDiagnostics(result, rules.ruleSet.rules, text.startsWith("\uFEFF")), document.version);
      }
      linted.set(uri, { version: document.version, violations, project, syntax: script.syntax });
    } catch (error) {
      connection.console.error(`huashu: ${uri}: ${(error as Error).stack ?? String(error)}`);
    } finally {
      running--;
      schedulePreload();
    }
  }

  /** Lints a script after {@link DEBOUNCE_MS} of quiet, or at once. */
  function scheduleLint(uri: string, delay: number): void {
    if (shutDown) return;
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        void lintDocument(uri);
      }, delay),
    );
  }

  /** Publishes the problems of every project on the config and rule files they are in, clearing those fixed. */
  async function showProblems(): Promise<void> {
    const byFile = new Map<string, LspDiagnostic[]>();
    for (const project of await projects.all()) {
      for (const problem of project.problems) {
        const file = problem.file ?? project.configPath;
        if (file === undefined) {
          connection.console.error(`huashu: ${formatDiagnostic(problem)}`);
          continue;
        }
        const uri = pathToFileURL(file).href;
        byFile.set(uri, [...(byFile.get(uri) ?? []), problemDiagnostic(problem, PROBLEM_CODES.config)]);
      }
    }
    for (const uri of problemFiles.keys()) if (!byFile.has(uri)) publish(uri, []);
    for (const [uri, diagnostics] of byFile) publish(uri, diagnostics);
    problemFiles = byFile;
    if (!clientWatchesFiles) await watchWithFs();
  }

  /** Without the client's file watching, watches the folders of config and rule files (editors often save by renaming). */
  async function watchWithFs(): Promise<void> {
    const watched = new Set((await projects.all()).flatMap((project) => project.watched));
    const dirs = new Set([...watched].map((file) => dirname(file)));
    for (const [dir, watcher] of fsWatchers) {
      if (dirs.has(dir)) continue;
      watcher.close();
      fsWatchers.delete(dir);
    }
    for (const dir of dirs) {
      if (fsWatchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => {
          if (name !== null && (name === CONFIG_FILE || watched.has(join(dir, name)))) scheduleReload();
        });
        watcher.on("error", () => fsWatchers.delete(dir));
        fsWatchers.set(dir, watcher);
      } catch {
        // A folder that does not exist (a rule file not there yet): its problem is already shown.
      }
    }
  }

  /** Reads every config and rule file anew and relints the open scripts, once changes have settled. */
  function scheduleReload(): void {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      projects.reset();
      for (const document of documents.all()) scheduleLint(document.uri, 0);
      // With no script open no project is loaded again: clear what the old ones showed.
      if (documents.all().length === 0) void showProblems();
    }, DEBOUNCE_MS);
  }

  /** Loads jieba once nothing is pending, then runs the rule examples that were waiting for it. */
  function schedulePreload(idleMs = PRELOAD_IDLE_MS): void {
    if (segmenterReady) return;
    clearTimeout(preloadTimer);
    preloadTimer = setTimeout(() => {
      if (running > 0 || pending.size > 0) return schedulePreload();
      segmenterReady = true;
      try {
        preloadSegmenter();
      } catch (error) {
        // A missing dictionary: lints that need segmentation will say so too, per document.
        void connection.window.showErrorMessage(`huashu: ${(error as Error).message}`);
        return;
      }
      void checkDeferredExamples();
    }, idleMs);
  }

  /** Runs the rule examples left for when jieba is loaded; rules whose examples fail are refused, as by `huashu lint`. */
  async function checkDeferredExamples(): Promise<void> {
    try {
      const invalid = (await projects.all()).filter((project) => project.checkExamples());
      if (invalid.length === 0) return;
      await showProblems();
      for (const [uri, document] of linted) if (invalid.includes(document.project)) scheduleLint(uri, 0);
    } catch (error) {
      connection.console.error(`huashu: ${(error as Error).stack ?? String(error)}`);
    }
  }

  connection.onInitialize((params) => {
    clientWatchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
      },
      serverInfo: { name: "huashu" },
    };
  });

  connection.onInitialized(() => {
    if (clientWatchesFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: `**/${CONFIG_FILE}` }, { globPattern: "**/*.{yaml,yml}" }],
      });
    }
    schedulePreload(FIRST_PRELOAD_IDLE_MS);
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    const watched = new Set((await projects.all()).flatMap((project) => project.watched));
    const relevant = params.changes.some((change) => {
      const path = localPath(change.uri);
      return path !== undefined && (basename(path) === CONFIG_FILE || watched.has(path));
    });
    if (relevant) scheduleReload();
  });

  documents.onDidChangeContent(({ document }) =>
    scheduleLint(document.uri, linted.has(document.uri) ? DEBOUNCE_MS : 0),
  );
  documents.onDidClose(({ document }) => {
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    linted.delete(document.uri);
    publish(document.uri, []);
  });

  /** The document as last linted, linted anew first when edits are still waiting for the debounce. */
  async function current(uri: string): Promise<{ document: TextDocument; linted: LintedDocument } | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    if (linted.get(uri)?.version !== document.version) {
      clearTimeout(pending.get(uri));
      pending.delete(uri);
      await lintDocument(uri);
    }
    const state = linted.get(uri);
    return state && { document, linted: state };
  }

  /** After `shutdown` a server answers requests only with an error (LSP: InvalidRequest). */
  const refuseAfterShutdown = () => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, "服务器已关闭(已收到 shutdown)");
  };

  connection.onCodeAction(async (params) => {
    refuseAfterShutdown();
    const found = await current(params.textDocument.uri);
    const rules = found?.linted.project.rules;
    if (!found || !rules) return [];
    const text = found.document.getText();
    const violations = violationsFor(
      found.linted.violations,
      params.range,
      params.context.diagnostics,
      text.startsWith("\uFEFF"),
    );
    return quickFixes(params.textDocument.uri, text, found.linted.syntax, violations, rules.ruleSet.rules);
  });

  connection.onHover(async (params) => {
    refuseAfterShutdown();
    const found = await current(params.textDocument.uri);
    const rules = found?.linted.project.rules;
    if (!found || !rules) return null;
    return hoverAt(
      params.position,
      found.linted.violations,
      rules.ruleSet.rules,
      found.document.getText().startsWith("\uFEFF"),
    );
  });

  /** Stops every timer and watcher, so that nothing runs after `shutdown` or keeps the process alive. */
  const stop = () => {
    shutDown = true;
    for (const timer of [...pending.values(), reloadTimer, preloadTimer]) clearTimeout(timer);
    for (const watcher of fsWatchers.values()) watcher.close();
  };
  connection.onShutdown(stop);
  // The editor went away (or never came): nothing is left to serve, even mid-message.
  reader.onClose(() => {
    stop();
    process.exit(0);
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
