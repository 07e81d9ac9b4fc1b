using Npgsql;
using PluginHost.Actors.Journal;

namespace PluginHost.Actors.Cluster;

/// <summary>Retries journal calls that failed because the store was unreachable (restart, dropped connection), so an
/// outage of a few seconds delays a node's items instead of failing them.</summary>
public static class StoreRetry
{
    /// <summary>How long a call is retried before its last error is thrown.</summary>
    public static TimeSpan Limit { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>True when the error means the store could not be reached or dropped the connection (worth retrying),
    /// false for errors the same call would meet again.</summary>
    public static bool IsTransient(JournalException error) => error.InnerException switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57", StringComparison.Ordinal),
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>Runs <paramref name="call"/>, retrying transient store errors with a growing pause (up to a second)
    /// for at most <see cref="Limit"/>; <paramref name="beforeRetry"/> may answer a retry itself (e.g. when the failed
    /// write turns out to have committed).</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, Func<Task<(bool Done, T Value)>>? beforeRetry = null,
        CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + Limit;
        var pause = TimeSpan.FromMilliseconds(100);
        var failed = false;
        while (true)
        {
            try
            {
                if (failed && beforeRetry is not null && await beforeRetry() is (true, var known)) return known;
                return await call();
            }
            catch (JournalException e) when (IsTransient(e) && DateTime.UtcNow < deadline)
            {
                failed = true;
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
            }
        }
    }
}
