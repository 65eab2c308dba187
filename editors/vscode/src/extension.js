// The Milo extension: starts `milo lsp` (setting milo.path) through vscode-languageclient, and provides the `milo`
// debug type, which builds the program with `milo compile --debug` and hands a `coreclr` launch of the assembly to the
// C# debugger (the portable PDB maps IL to .milo lines, so breakpoints in .milo files bind).
"use strict";

const vscode = require("vscode");
const path = require("path");
const fs = require("fs");
const { execFile } = require("child_process");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function miloPath() {
  return vscode.workspace.getConfiguration("milo").get("path") || "milo";
}

async function startClient(context) {
  const command = miloPath();
  const serverOptions = {
    run: { command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "milo" }, { scheme: "untitled", language: "milo" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.milo") },
    outputChannelName: "Milo Language Server",
  };
  client = new LanguageClient("milo", "Milo Language Server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `Milo: could not start '${command} lsp' (${err && err.message ? err.message : err}). Set "milo.path" to the milo compiler.`);
  }
}

/** Build FILE.milo with `milo compile --debug FILE -o OUT.dll`; resolves to OUT.dll, rejects with the compiler's output. */
function compileDebug(program, output, cwd) {
  return new Promise((resolve, reject) => {
    fs.mkdirSync(path.dirname(output), { recursive: true });
    // Plain IL (no ReadyToRun precompilation): the debugger then sees JIT-compiled, unoptimised code.
    const env = Object.assign({}, process.env, { MILO_READY_TO_RUN: "0" });
    execFile(miloPath(), ["compile", "--debug", program, "-o", output], { cwd, env }, (err, stdout, stderr) => {
      if (err) reject(new Error((stderr || stdout || err.message).trim()));
      else resolve(output);
    });
  });
}

class MiloDebugConfigurationProvider {
  provideDebugConfigurations() {
    return [{ type: "milo", request: "launch", name: "Debug Milo program", program: "${file}", args: [], cwd: "${workspaceFolder}" }];
  }

  // Runs after ${…} variables are substituted: build, then turn the configuration into a C# debugger launch.
  async resolveDebugConfigurationWithSubstitutedVariables(folder, config) {
    if (!config.program) {
      const editor = vscode.window.activeTextEditor;
      if (editor && editor.document.languageId === "milo") config.program = editor.document.fileName;
    }
    if (!config.program || !config.program.endsWith(".milo")) {
      vscode.window.showErrorMessage("Milo: set \"program\" to the .milo file to debug.");
      return undefined;
    }
    const program = path.resolve(folder ? folder.uri.fsPath : process.cwd(), config.program);
    const name = path.basename(program, ".milo");
    const output = config.output || path.join(path.dirname(program), "bin", "milo-debug", name + ".dll");
    const cwd = config.cwd || path.dirname(program);
    try {
      await compileDebug(program, output, cwd);
    } catch (e) {
      vscode.window.showErrorMessage(`Milo: build failed\n${e.message}`, { modal: true });
      return undefined;
    }
    return {
      type: "coreclr",
      request: "launch",
      name: config.name || "Debug Milo program",
      program: output,
      args: config.args || [],
      cwd,
      stopAtEntry: !!config.stopAtEntry,
      console: "internalConsole",
      justMyCode: false,
      suppressJITOptimizations: true,
    };
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider("milo", new MiloDebugConfigurationProvider()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("milo.path") && client) {
        await client.stop();
        await startClient(context);
      }
    }),
  );
  await startClient(context);
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
