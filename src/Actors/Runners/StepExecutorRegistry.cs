namespace PluginHost.Actors.Runners;

/// <summary>The step executors of a node, by kind.</summary>
public sealed class StepExecutorRegistry
{
    private readonly Dictionary<string, IStepExecutor> _executors = new(StringComparer.Ordinal);

    /// <summary>Registers an executor; throws when its kind is already taken.</summary>
    public StepExecutorRegistry Add(IStepExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (!_executors.TryAdd(executor.Kind, executor))
            throw new InvalidOperationException($"a step executor of kind '{executor.Kind}' is already registered");
        return this;
    }

    /// <summary>The registered kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds => _executors.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The executor of a kind, or null when none is registered.</summary>
    public IStepExecutor? Find(string kind) => _executors.GetValueOrDefault(kind);

    /// <summary>The executor of a kind; throws naming the known kinds when none is registered.</summary>
    public IStepExecutor Get(string kind) => Find(kind)
        ?? throw new KeyNotFoundException($"unknown step kind '{kind}' (known: {string.Join(", ", Kinds)})");
}
