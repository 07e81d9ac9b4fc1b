namespace PluginHost.Plugins.Proto.Api;

/// <summary>The host environment proto passes to plugins (config keys host_environment and proto_environment).</summary>
public sealed record HostEnvironment
{
    /// <summary>CPU architecture: x86, x64, arm, arm64, ...</summary>
    public required string Arch { get; init; }
    /// <summary>Whether the host runs in CI.</summary>
    public bool Ci { get; init; }
    /// <summary>C library: gnu, musl or unknown.</summary>
    public required string Libc { get; init; }
    /// <summary>Operating system: linux, macos, windows, ...</summary>
    public required string Os { get; init; }
    /// <summary>The user's home directory (virtual /userhome).</summary>
    public required VirtualPath HomeDir { get; init; }
    /// <summary>proto's root directory (virtual /proto), read by older plugins.</summary>
    public VirtualPath? ProtoDir { get; init; }

    /// <summary>The environment of the machine running this process.</summary>
    public static HostEnvironment Current(VirtualPath homeDir, VirtualPath? protoDir) => new()
    {
        Arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "x64",
            System.Runtime.InteropServices.Architecture.X86 => "x86",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            System.Runtime.InteropServices.Architecture.Arm => "arm",
            System.Runtime.InteropServices.Architecture.S390x => "s390x",
            System.Runtime.InteropServices.Architecture.Ppc64le => "powerpc64",
            var other => other.ToString().ToLowerInvariant(),
        },
        Ci = Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "false" && ci != "0",
        Libc = OperatingSystem.IsLinux() ? (Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any() ? "musl" : "gnu") : "unknown",
        Os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "macos" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsFreeBSD() ? "freebsd" : "unknown",
        HomeDir = homeDir,
        ProtoDir = protoDir,
    };
}
