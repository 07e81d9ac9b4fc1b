namespace PluginHost.Plugins.Icp.Certificates;

/// <summary>A certificate that is malformed or fails verification; the message is one line naming the cause.</summary>
public sealed class CertificateException(string message) : Exception(message);
