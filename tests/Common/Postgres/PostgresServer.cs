using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PluginHost.Tests.Common;

/// A real PostgreSQL server from the distribution's package, in a temp directory on a free loopback port.
/// Fails (never skips) when the server binaries are missing: CI installs them (apt-get install -y postgresql).
/// Shared by the journal and cluster tests and the cluster benchmark (no xunit here); can be stopped and started again.
public class PostgresServer
{
    private string? root;
    private string? binDir;
    private string? dataDir;
    private int schemaCounter;

    public string AdminConnectionString { get; private set; } = "";

    public int Port { get; private set; }

    /// Creates the cluster (initdb) and starts the server.
    public async Task StartNewAsync()
    {
        binDir = FindBinDir(Environment.GetEnvironmentVariable("PLUGINHOST_PG_BIN"), "/usr/lib/postgresql");
        var tmp = Directory.CreateTempSubdirectory("pluginhost-pg-");
        root = tmp.FullName;
        dataDir = Path.Combine(root, "data");
        var socketDir = Path.Combine(root, "sock");
        Directory.CreateDirectory(socketDir);
        if (IsRoot) await RunAsync("chown", ["-R", "postgres:postgres", root]);

        await RunAsPostgresAsync(Path.Combine(binDir, "initdb"), ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        Port = FreePort();
        await StartAsync();
        AdminConnectionString = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// Starts the (stopped) server again on the same port and data.
    public async Task StartAsync()
    {
        var options = $"-c port={Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={Path.Combine(root!, "sock")} " +
                      "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await RunAsPostgresAsync(Path.Combine(binDir!, "pg_ctl"),
            ["-D", dataDir!, "-l", Path.Combine(root!, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
    }

    /// Stops the server (fast shutdown: sessions are disconnected, open transactions rolled back).
    public Task StopAsync() =>
        RunAsPostgresAsync(Path.Combine(binDir!, "pg_ctl"), ["-D", dataDir!, "-m", "fast", "-w", "-t", "60", "stop"]);

    /// Runs one SQL statement as the administrator.
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// Creates an empty schema and returns a connection string whose search path is that schema.
    public async Task<string> CreateSchemaAsync()
    {
        var schema = $"t{Interlocked.Increment(ref schemaCounter)}_{Guid.NewGuid():N}"[..20];
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Search Path={schema};Maximum Pool Size=40";
    }

    /// Stops the server and deletes its files.
    public async Task StopAndDeleteAsync()
    {
        if (root is null) return;
        try
        {
            if (dataDir is not null && File.Exists(Path.Combine(dataDir, "postmaster.pid")))
                await RunAsPostgresAsync(Path.Combine(binDir!, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// The newest server bin directory under <paramref name="packageRoot"/> (or the override); a clear error when none.
    public static string FindBinDir(string? fromEnv, string packageRoot)
    {
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "pg_ctl"))) return fromEnv;
        var candidates = Directory.Exists(packageRoot)
            ? Directory.GetDirectories(packageRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries not found: looked for {packageRoot}/<version>/bin/{{initdb,pg_ctl}} and $PLUGINHOST_PG_BIN. " +
            "Install them (Debian/Ubuntu: apt-get install -y postgresql); the journal tests need a real server.");
    }

    private static Task RunAsPostgresAsync(string file, string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

