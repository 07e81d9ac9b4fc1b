using System.Diagnostics;

namespace PluginHost.Tests.Common;

/// <summary>Runs a system tool (mount, umount, chown) that test fixtures need, shared by every test project.</summary>
internal static class ExternalCommand
{
    /// <summary>Runs <paramref name="file"/> to its end; null when it exited 0, otherwise what went wrong in one line.</summary>
    public static string? Run(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args) info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{file} exited with {process.ExitCode}: {stderr.Trim()}";
        }
        catch (Exception e)
        {
            return $"{file}: {e.Message}";
        }
    }
}
