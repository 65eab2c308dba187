// Entry point of the `milo` command-line tool. All command handling lives in Cli/.
return Milo.Compiler.Cli.MiloCli.Run(args);
