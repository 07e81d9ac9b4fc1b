using PluginHost.Actors.Installs;
using PluginHost.Actors.Runners;
using PluginHost.Nodes.Installs;

namespace PluginHost.Nodes.Hosting;

/// <summary>The step executors every node has, embedded (`run`, `sync`, `install`) or in a cluster (`node`).</summary>
public static class NodeStepExecutors
{
    /// <summary>A registry with the "wasi" and "proto-install" kinds over <paramref name="modules"/>, plus whatever
    /// <paramref name="register"/> adds (e.g. the icp kinds of a sync, the builtin kind of a cluster node).</summary>
    public static StepExecutorRegistry Create(ModuleCache modules, Action<StepExecutorRegistry, ModuleCache>? register = null)
    {
        var executors = new StepExecutorRegistry()
            .Add(new WasiStepExecutor(modules))
            .Add(new ProtoInstallStepExecutor(modules, InstallHttp.Client));
        register?.Invoke(executors, modules);
        return executors;
    }
}
