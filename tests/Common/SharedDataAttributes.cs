namespace PluginHost.Tests.Common;

/// <summary>A fact that reads ../shared: skipped with a visible reason when the folder is absent, unless CI=true (then it runs and fails).</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Skips unless ../shared/PARTS exists (or CI=true).</summary>
    public SharedDataFactAttribute(params string[] parts)
    {
        if (TestRepo.SharedDataSkipReason(parts) is { } reason) Skip = reason;
    }
}

/// <summary>A theory that reads ../shared: skipped with a visible reason when the folder is absent, unless CI=true (then it runs and fails).</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips unless ../shared/PARTS exists (or CI=true).</summary>
    public SharedDataTheoryAttribute(params string[] parts)
    {
        if (TestRepo.SharedDataSkipReason(parts) is { } reason) Skip = reason;
    }
}
