using Npgsql;

namespace PluginHost.Nodes.Server;

/// <summary>Where the journal lives: a PostgreSQL server (postgres:// URL or Npgsql connection string) or a SQLite data directory.</summary>
/// <param name="PostgresConnectionString">The Npgsql connection string, when the store is PostgreSQL.</param>
/// <param name="SqliteDirectory">The data directory holding akka-journal.db, when the store is SQLite.</param>
public sealed record StoreLocation(string? PostgresConnectionString, string? SqliteDirectory)
{
    /// <summary>The data directory used when no --store is given: the one every command uses ($PLUGINHOST_DATA_DIR or .pluginhost).</summary>
    public static string DefaultSqliteDirectory => PluginHost.Nodes.Hosting.NodeOptions.ConfiguredDataDirectory;

    /// <summary>Reads a --store value: null/empty means the SQLite default; "postgres://user[:password]@host[:port]/db",
    /// a connection string containing "Host=", "sqlite:DIR" or a directory path. Throws <see cref="FormatException"/>.</summary>
    public static StoreLocation Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return new(null, DefaultSqliteDirectory);
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new(FromUrl(value), null);
        if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            try { return new(new NpgsqlConnectionStringBuilder(value).ConnectionString, null); }
            catch (ArgumentException e) { throw new FormatException($"--store: invalid PostgreSQL connection string: {e.Message}", e); }
        }
        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)) return new(null, value["sqlite:".Length..]);
        if (value.Contains("://", StringComparison.Ordinal))
            throw new FormatException($"--store: unsupported URL '{value}': expected postgres://user@host:port/db, a Npgsql connection string or a directory");
        return new(null, value);
    }

    /// <summary>The same store with "Application Name" set to <paramref name="name"/> unless the connection string sets
    /// one (PostgreSQL only): the server's pg_stat_activity then shows which node each connection belongs to.</summary>
    public StoreLocation WithApplicationName(string name)
    {
        if (PostgresConnectionString is not { } cs) return this;
        var builder = new NpgsqlConnectionStringBuilder(cs);
        if (!string.IsNullOrEmpty(builder.ApplicationName)) return this;
        builder.ApplicationName = name;
        return this with { PostgresConnectionString = builder.ConnectionString };
    }

    /// <summary>Describes the store without its password.</summary>
    public override string ToString() => PostgresConnectionString is { } cs
        ? $"postgres {new NpgsqlConnectionStringBuilder(cs) { Password = null }.ConnectionString}"
        : $"sqlite {SqliteDirectory}";

    private static string FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new FormatException($"--store: '{value}' is not a valid postgres:// URL (expected postgres://user@host:port/db)");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0) builder.Database = Uri.UnescapeDataString(database);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            try { builder[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : ""; }
            catch (ArgumentException e) { throw new FormatException($"--store: URL parameter '{kv[0]}' is not a Npgsql setting: {e.Message}", e); }
        }
        return builder.ConnectionString;
    }
}
