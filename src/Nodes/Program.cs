namespace PluginHost.Nodes;

/// <summary>The `pluginhost` executable's entry point.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("pluginhost: no commands yet");
        return 2;
    }
}
