using System.Runtime.InteropServices;

namespace PluginHost.Launcher;

/// <summary>Replaces this process with the CLI (`lib/pluginhost` beside the launcher, a .NET application) with
/// `execv`: same process id, arguments, environment and standard streams, so signals and exit codes are the CLI's.</summary>
public static partial class CliHandOff
{
    /// <summary>The CLI executable the launcher hands over to.</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "lib", "pluginhost");

    /// <summary>Executes the CLI with <paramref name="args"/>; returns only when that fails, with exit code 2.</summary>
    public static int Exec(string[] args)
    {
        var cli = CliPath;
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"pluginhost: the CLI is not installed beside this launcher (expected {cli}); publish it there with `dotnet publish src/Nodes -o {Path.GetDirectoryName(cli)}`");
            return ExitCodes.Usage;
        }
        var argv = new nint[args.Length + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(cli);
            for (var i = 0; i < args.Length; i++) argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
            Console.Out.Flush();
            execv(cli, argv);
            Console.Error.WriteLine($"pluginhost: cannot start the CLI {cli}: {Marshal.GetLastPInvokeErrorMessage()}");
            return ExitCodes.Usage;
        }
        finally
        {
            foreach (var p in argv) if (p != 0) Marshal.FreeCoTaskMem(p);
        }
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execv(string path, nint[] argv);
}
