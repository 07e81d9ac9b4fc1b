using System.Threading.Channels;

namespace PluginHost.Actors.Kernel;

/// <summary>Runtime state of one actor: mailboxes, current instance, family, watchers. Only its own loop mutates it,
/// except the children table, which is locked because top-level actors are created from any thread.</summary>
internal sealed partial class ActorCell
{
    [ThreadStatic] private static ActorCell? _constructing;
    private static readonly AsyncLocal<ActorCell?> Running = new();

    private readonly Props _props;
    private readonly Channel<Envelope> _mailbox;
    private readonly Channel<SystemMessage> _systemQueue =
        Channel.CreateUnbounded<SystemMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _childrenLock = new();
    private readonly Dictionary<string, ActorCell> _children = new(StringComparer.Ordinal);
    private readonly HashSet<ActorCell> _dying = [];
    private int _lastChildId;
    private volatile bool _closed;

    /// <summary>Creates a cell; call <see cref="Start"/> to run it.</summary>
    internal ActorCell(ActorSystem system, ActorCell? parent, Props props, string path)
    {
        System = system;
        Parent = parent;
        _props = props;
        _mailbox = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(props.MailboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Self = new LocalActorRef(this, path);
        Context = new ActorContext(this);
    }

    /// <summary>The cell whose actor is being constructed on this thread.</summary>
    internal static ActorCell? Constructing => _constructing;

    /// <summary>Ref of the actor whose code is running in the current async flow, if any.</summary>
    internal static ActorRef? CurrentSelf => Running.Value?.Self;

    /// <summary>The owning system.</summary>
    internal ActorSystem System { get; }

    /// <summary>The parent cell; null for the guardian.</summary>
    internal ActorCell? Parent { get; }

    /// <summary>This actor's ref.</summary>
    internal LocalActorRef Self { get; }

    /// <summary>Context handed to actor instances.</summary>
    internal ActorContext Context { get; }

    /// <summary>Completes once the actor has fully stopped.</summary>
    internal Task Termination => _terminated.Task;

    /// <summary>User mailbox capacity.</summary>
    internal int MailboxCapacity => _props.MailboxCapacity;

    /// <summary>Restarts counted by the parent in the current window (touched only by the parent's loop).</summary>
    internal int RestartCount { get; set; }

    /// <summary>When the current restart window began, in Environment.TickCount64 ms (touched only by the parent's loop).</summary>
    internal long RestartWindowStart { get; set; }

    /// <summary>Starts the actor's loop on the thread pool or on its own thread.</summary>
    internal void Start()
    {
        if (_props.DedicatedThread)
        {
            DedicatedThreadContext.Start(RunAsync, Self.Path, _props.ThreadStackSize, ReportKernelError);
        }
        else
        {
            _ = Task.Run(RunAsync);
        }
    }

    /// <summary>Enqueues a user message; a closed mailbox dead-letters it; false only when full.</summary>
    internal bool Post(Envelope envelope)
    {
        if (_mailbox.Writer.TryWrite(envelope))
        {
            return true;
        }

        if (!_closed)
        {
            return false;
        }

        System.PublishDeadLetter(envelope, Self);
        return true;
    }

    /// <summary>Enqueues a user message, waiting for space; a closed mailbox dead-letters it.</summary>
    internal async ValueTask PostAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        if (Post(envelope))
        {
            return;
        }

        try
        {
            await _mailbox.Writer.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            System.PublishDeadLetter(envelope, Self);
        }
    }

    /// <summary>Enqueues a control message; one sent to a stopped actor is answered if it needs an answer.</summary>
    internal void SendSystem(SystemMessage message)
    {
        if (!_systemQueue.Writer.TryWrite(message) && message is WatchActor watch)
        {
            watch.Watcher.NotifyTerminated(Self);
        }
    }

    /// <summary>Publishes a message the actor did not handle as a dead letter.</summary>
    internal void Unhandled(object message) => System.PublishDeadLetter(new Envelope(message, CurrentSender), Self);

    /// <summary>Reports an exception that escaped the kernel itself (never an actor's own failure).</summary>
    private void ReportKernelError(Exception error) =>
        System.PublishFailure(new ActorFailure(Self, error, Directive.Stop, 0, TimeSpan.Zero));
}
