using System.CommandLine;

namespace Milo.Compiler.Lsp;

/// <summary>`milo lsp`: the language server on stdin/stdout (LSP 3.17). `--stdio` is accepted (and implied) for clients that pass it.</summary>
internal static class LspCommand
{
    public static Command Create()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Talk LSP over stdin/stdout (the default and only transport)" };
        var cmd = new Command("lsp", "Run the Milo language server (LSP over stdio) for editors") { stdio };
        cmd.SetAction(_ =>
        {
            var input = Console.OpenStandardInput();
            var output = Console.OpenStandardOutput();
            // stdout carries the protocol: anything else the process prints goes to stderr.
            Console.SetOut(Console.Error);
            return LspServer.RunAsync(input, output).GetAwaiter().GetResult();
        });
        return cmd;
    }
}
