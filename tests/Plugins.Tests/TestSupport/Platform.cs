// The install pipeline and its tests target Linux (native liblzma/libbz2/libzstd, Unix file modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
