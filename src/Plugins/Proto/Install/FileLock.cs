namespace PluginHost.Plugins.Proto.Install;

/// <summary>An exclusive lock on PATH.lock, across threads and processes (the OS drops the lock of a killed process).</summary>
internal static class FileLock
{
    /// <summary>Waits until the lock of path is held; dispose the result to release it.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
