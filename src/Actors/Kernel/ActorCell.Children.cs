namespace PluginHost.Actors.Kernel;

/// <summary>Children table: create, look up, stop.</summary>
internal sealed partial class ActorCell
{
    /// <summary>Creates and starts a child with a unique name.</summary>
    internal ActorRef CreateChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        ActorCell child;
        lock (_childrenLock)
        {
            name ??= "$" + ++_lastChildId;
            if (name.Length == 0 || name.Contains('/'))
            {
                throw new ArgumentException($"Actor name '{name}' under {Self.Path} must be non-empty and contain no '/'", nameof(name));
            }

            string path = Self.Path + "/" + name;
            props.Validate(path);
            if (_children.ContainsKey(name))
            {
                throw new InvalidOperationException($"{Self.Path} already has a child named '{name}'");
            }

            child = new ActorCell(System, this, props, path);
            _children.Add(name, child);
        }

        child.Start();
        if (_closed)
        {
            child.SendSystem(new StopActor(Drain: true)); // created while this actor is stopping
        }

        return child.Self;
    }

    /// <summary>Live children.</summary>
    internal IReadOnlyList<ActorRef> ChildrenSnapshot()
    {
        lock (_childrenLock)
        {
            return _children.Values.Select(c => (ActorRef)c.Self).ToArray();
        }
    }

    /// <summary>The live child called <paramref name="name"/>, or null.</summary>
    internal ActorRef? FindChild(string name)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(name, out var child) ? child.Self : null;
        }
    }

    /// <summary>Stops any local actor after its current message.</summary>
    internal void StopActor(ActorRef actor)
    {
        if (actor is LocalActorRef local)
        {
            local.Cell.RequestStop();
        }
    }

    /// <summary>Asks this actor to stop now; frees its name in the parent at once.</summary>
    internal void RequestStop()
    {
        Parent?.MarkDying(this);
        SendSystem(new StopActor(Drain: false));
    }

    /// <summary>True while <paramref name="child"/> is a live (not stopping) child.</summary>
    private bool IsLiveChild(ActorCell child)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(child.Self.Name, out var found) && found == child;
        }
    }

    /// <summary>Moves a live child to the stopping set.</summary>
    private void MarkDying(ActorCell child)
    {
        lock (_childrenLock)
        {
            if (_children.TryGetValue(child.Self.Name, out var found) && found == child)
            {
                _children.Remove(child.Self.Name);
                _dying.Add(child);
            }
        }
    }

    /// <summary>Sends stop to every child (live ones move to the stopping set); true when none is left.</summary>
    private bool StopChildren(bool drain, bool includeDying)
    {
        List<ActorCell> targets;
        lock (_childrenLock)
        {
            targets = [.. _children.Values];
            if (includeDying)
            {
                targets.AddRange(_dying);
            }

            _dying.UnionWith(_children.Values);
            _children.Clear();
        }

        foreach (var child in targets)
        {
            child.SendSystem(new StopActor(drain));
        }

        lock (_childrenLock)
        {
            return _dying.Count == 0;
        }
    }

    /// <summary>Forgets a child that has fully stopped.</summary>
    private void OnChildTerminated(ActorCell child)
    {
        lock (_childrenLock)
        {
            if (_children.TryGetValue(child.Self.Name, out var found) && found == child)
            {
                _children.Remove(child.Self.Name);
            }

            _dying.Remove(child);
        }

        _escalated.Remove(child);
    }
}
