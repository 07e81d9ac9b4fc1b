namespace PluginHost.Actors.Journal;

/// <summary>The journal cannot be opened or cannot do what was asked; the message names the store and the problem.</summary>
public class JournalException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JournalException(string message, Exception? inner = null) : base(message, inner) { }
}
