// The install pipeline and its tests target Linux (Unix file modes, symlinks and hard links through libc).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
